import { openDatabase } from '/work/main/db/index.ts';
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  const d = await openDatabase('pglite:/work/main/data');
  const t2 = performance.now();
  await d.db.execute('select 1');
  await d.close();
  console.log('open', (t2 - t).toFixed(0), 'close', (performance.now() - t2).toFixed(0));
}
