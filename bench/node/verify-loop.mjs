// Warm bundle verification baseline: @sigstore/verify in one node process, the verifier built once from a
// trusted_root.json file, then the same bundle + artifact verified in a loop. Offline: no TUF client is created,
// so nothing here can reach the network.
//
// usage: node bench/node/verify-loop.mjs [--trusted-root F] [--bundle F] [--artifact F] [--identity SAN]
//          [--issuer URL] [--warmup-ms N] [--measure-ms N] [--json OUT]
// Defaults are relative to the repository root (the working directory of bench/run.sh).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The peers live in bench/.npm-peers (installed by run.sh), not beside this script, so resolve from there.
const peers = process.env.NPM_PEERS_DIR ?? resolve(repoRoot, 'bench', '.npm-peers');
const require = createRequire(resolve(peers, 'package.json'));
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const fixtures = resolve(repoRoot, '..', 'shared', 'fixtures');
const options = {
  'trusted-root': resolve(fixtures, 'trusted-roots/public-good.json'),
  bundle: resolve(fixtures, 'maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json'),
  artifact: resolve(fixtures, 'maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar'),
  identity: 'https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0',
  issuer: 'https://token.actions.githubusercontent.com',
  'warmup-ms': '3000',
  'measure-ms': '5000',
  json: '',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in options) || i + 1 >= argv.length) {
    console.error(`verify-loop: unknown or incomplete option '${argv[i]}'; known: ${Object.keys(options).join(', ')}`);
    process.exit(2);
  }
  options[key] = argv[i + 1];
}

const trustedRoot = TrustedRoot.fromJSON(JSON.parse(readFileSync(options['trusted-root'], 'utf8')));
const verifier = new Verifier(toTrustMaterial(trustedRoot));
const bundleJson = JSON.parse(readFileSync(options.bundle, 'utf8'));
const artifact = readFileSync(options.artifact);
const policy = { subjectAlternativeName: options.identity, extensions: { issuer: options.issuer } };

// One operation = what a warm verifier does per request: parse the bundle JSON, build the signed entity
// (hashes the artifact), verify signature, certificate chain, SCT, tlog entry and identity policy.
function verifyOnce() {
  const bundle = bundleFromJSON(bundleJson);
  verifier.verify(toSignedEntity(bundle, artifact), policy);
}

function runFor(ms) {
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    verifyOnce();
    ops++;
    now = process.hrtime.bigint();
  }
  return { ops, ns: Number(now - start) };
}

verifyOnce(); // fails fast (throws) if the fixture does not verify, so a broken setup never yields a number
runFor(Number(options['warmup-ms']));
const { ops, ns } = runFor(Number(options['measure-ms']));
const msPerOp = ns / 1e6 / ops;
const result = {
  benchmark: 'node.sigstoreVerify.warm',
  node: process.version,
  operations: ops,
  msPerOp,
  artifactBytes: artifact.length,
};
console.log(`node @sigstore/verify warm: ${msPerOp.toFixed(3)} ms/op (${ops} ops, artifact ${artifact.length} bytes)`);
if (options.json) {
  writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');
}
