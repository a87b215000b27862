import { Composer, LineCounter, Parser, parseAllDocuments } from 'yaml';

function gen(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0)
      parts.push(
        `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i}\n  namespace: team-${i % 50}\n  labels:\n    app: x${i}\n`,
      );
    else
      parts.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d-${i}\n  namespace: team-${i % 50}\n  labels:\n    app.kubernetes.io/name: d-${i}\n    git-sha: 81111e1\n  annotations:\n    note: "yes"\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: d-${i}\n  template:\n    metadata:\n      labels:\n        app: d-${i}\n    spec:\n      serviceAccountName: sa-${i - (i % 5)}\n      containers:\n        - name: main\n          image: registry.example.com/team/d-${i}:1.2.3\n          args: ["--port=8080", "--verbose"]\n          env:\n            - name: MODE\n              value: "no"\n            - name: LEVEL\n              value: "010"\n          ports:\n            - containerPort: 8080\n          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n          # comment here\n          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n`,
      );
  }
  return parts.join('---\n');
}
let src = gen(10000);
while (src.length < 20e6)
  src =
    src +
    '---\n' +
    src
      .slice(0, 20e6 - src.length)
      .replace(/\n[^\n]*$/, '\n')
      .replace(/---\n[^]*$/, '');
console.log('bytes', src.length);
let t = performance.now();
const toks = [...new Parser().parse(src)];
console.log('cst', performance.now() - t, toks.length);
t = performance.now();
let n = 0;
const c = new Composer({ uniqueKeys: false });
for (const d of c.compose(new Parser().parse(src))) n++;
console.log('compose', performance.now() - t, n);
t = performance.now();
const docs = parseAllDocuments(src);
const out = docs.map((d) => d.toString()).join('');
console.log('roundtrip', performance.now() - t);
console.log('mem', process.memoryUsage().rss / 1e6);
