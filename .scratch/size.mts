import { sampleSignature } from '/work/main/machines/signature.ts';
console.log('signature json bytes', JSON.stringify(sampleSignature).length);
