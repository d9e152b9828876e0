// Seeds a TUF cache so that `sigstore verify` of @sigstore/cli runs fully offline on a given trusted_root.json.
//
// The CLI has no "--trusted-root FILE" option: it always obtains trusted_root.json through a TUF client
// (--tuf-mirror-url, --tuf-root-path, --tuf-cache-path, --tuf-force-cache). With --tuf-force-cache the client
// uses cached, unexpired timestamp/snapshot/targets metadata and never fetches. The public-good TUF metadata is
// not in our fixtures (only the trusted root itself), so this script makes a tiny local TUF repository: one
// fresh ed25519 key for all four roles, metadata valid for one day, and the given trusted_root.json as its only
// target. The CLI then verifies that metadata (canonical JSON + ed25519, as it does against its usual cache) and
// verifies the bundle against exactly the same trusted root our verifier and the node loop use.
//
// usage: node bench/node/seed-tuf-cache.mjs TRUSTED_ROOT CACHE_DIR MIRROR_URL
// prints: the path of the root.json to pass as --tuf-root-path
import { createRequire } from 'node:module';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const peers = process.env.NPM_PEERS_DIR ?? resolve(repoRoot, 'bench', '.npm-peers');
const require = createRequire(resolve(peers, 'package.json'));
const { canonicalize } = require('@tufjs/canonical-json');

const [trustedRootPath, cacheDir, mirrorUrl] = process.argv.slice(2);
if (!trustedRootPath || !cacheDir || !mirrorUrl) {
  console.error('usage: node seed-tuf-cache.mjs TRUSTED_ROOT CACHE_DIR MIRROR_URL');
  process.exit(2);
}

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
// Raw 32-byte public key = the last 32 bytes of the SPKI DER encoding.
const rawPublic = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('hex');
const key = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: rawPublic } };
const keyId = createHash('sha256').update(canonicalize(key)).digest('hex');
const expires = new Date(Date.now() + 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function signed(body) {
  const sig = sign(null, Buffer.from(canonicalize(body)), privateKey).toString('hex');
  return Buffer.from(JSON.stringify({ signatures: [{ keyid: keyId, sig }], signed: body }));
}
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const role = { keyids: [keyId], threshold: 1 };

const trustedRoot = readFileSync(trustedRootPath);
const root = signed({
  _type: 'root', spec_version: '1.0', version: 1, expires, consistent_snapshot: false,
  keys: { [keyId]: key },
  roles: { root: role, timestamp: role, snapshot: role, targets: role },
});
const targets = signed({
  _type: 'targets', spec_version: '1.0', version: 1, expires,
  targets: { 'trusted_root.json': { length: trustedRoot.length, hashes: { sha256: sha256(trustedRoot) } } },
});
const snapshot = signed({
  _type: 'snapshot', spec_version: '1.0', version: 1, expires,
  meta: { 'targets.json': { version: 1, length: targets.length, hashes: { sha256: sha256(targets) } } },
});
const timestamp = signed({
  _type: 'timestamp', spec_version: '1.0', version: 1, expires,
  meta: { 'snapshot.json': { version: 1, length: snapshot.length, hashes: { sha256: sha256(snapshot) } } },
});

// Same cache layout as @sigstore/tuf's TUFClient: CACHE/<encoded mirror host+path>/{root,timestamp,...}.json.
const url = new URL(mirrorUrl);
const repoDir = join(resolve(cacheDir), encodeURIComponent(url.host + url.pathname.replace(/\/$/, '')));
mkdirSync(join(repoDir, 'targets'), { recursive: true });
writeFileSync(join(repoDir, 'root.json'), root);
writeFileSync(join(repoDir, 'timestamp.json'), timestamp);
writeFileSync(join(repoDir, 'snapshot.json'), snapshot);
writeFileSync(join(repoDir, 'targets.json'), targets);
writeFileSync(join(repoDir, 'targets', 'trusted_root.json'), trustedRoot);
const rootCopy = join(resolve(cacheDir), 'root.json');
writeFileSync(rootCopy, root);
console.log(rootCopy);
