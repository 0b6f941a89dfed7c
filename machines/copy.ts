/**
 * Process copy is trilingual: every label, guidance text and phrase a process shows is written
 * in English, Simplified and Traditional Chinese.
 */
export const locales = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof locales)[number];

export type Copy = Readonly<Record<Locale, string>>;

/**
 * The text of `copy` in `lang`. `zh` is the language of the first screens and of API clients
 * written against them: Traditional Chinese.
 */
export function inLang(copy: Copy, lang: Locale | 'zh'): string {
  return copy[lang === 'zh' ? 'zh-Hant' : lang];
}

/** The same copy in every language (codes, numbers and names that are not translated). */
export const untranslated = (text: string): Copy => ({ en: text, 'zh-Hans': text, 'zh-Hant': text });
