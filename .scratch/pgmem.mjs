import { PGlite } from '@electric-sql/pglite';
const p = new PGlite({});
await p.waitReady;
for (const k of ['shared_buffers','wal_buffers','work_mem','maintenance_work_mem','max_connections','effective_cache_size']) console.log(k, (await p.query(`show ${k}`)).rows[0]);
console.log('rss', process.memoryUsage().rss/1e6);
