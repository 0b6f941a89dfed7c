import { captureWalk } from '/work/main/bench/floor.ts';
import { createDatabase, dropDatabase } from '/work/main/bench/support.ts';
import { openDatabase } from '/work/main/db/index.ts';
import { migrateDatabase } from '/work/main/db/migrate.ts';
import { addStaff } from '/work/main/server/core/staff.ts';
const server='postgres://postgres@127.0.0.1:5432/postgres';
const url = await createDatabase(server, 'dbgfloor_x1');
try {
const d = await openDatabase(url); await migrateDatabase(d);
const tokens:any={}; for (const r of ['advisor','technician','cashier','qa'] as const) tokens[r]=(await addStaff(d.db,'b '+r,r)).token;
await d.close();
const cap = await captureWalk(url, tokens, 1);
for (const r of cap.requests) for (const s of r.statements) { if (/jsonb_to_recordset/.test(s.query)) { const m=[...s.query.matchAll(/jsonb_to_recordset\(\$(\d+)/g)].map(x=>+x[1]); console.log(r.kind, m, m.map(i=>JSON.stringify(s.parameters[i-1]).slice(0,200))); } }
} finally { await dropDatabase(server,'dbgfloor_x1'); }
