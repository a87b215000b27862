// Generates the render benchmark's input: a stream of 10,000 manifests (about
// 20 MB) where one in five is a ServiceAccount, and a catalogue that grants
// each of those ServiceAccounts its own IRSA role.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const NAMESPACE = 'bench';

/** Writes manifests.yaml and aoa-iam.yaml into `directory`; returns their paths and counts. */
export function generateRenderInput(directory, count = 10_000) {
  const documents = [];
  const serviceAccounts = [];
  for (let index = 0; index < count; index++) {
    if (index % 5 === 0) {
      const name = `sa-${String(index / 5).padStart(5, '0')}`;
      serviceAccounts.push(name);
      documents.push(serviceAccount(name));
    } else if (index % 5 === 1) documents.push(configMap(index));
    else documents.push(deployment(index, serviceAccounts.at(-1)));
  }
  const manifests = path.join(directory, 'manifests.yaml');
  const serviceAccountsOnly = path.join(directory, 'service-accounts.yaml');
  writeFileSync(manifests, `${documents.join('---\n')}`);
  writeFileSync(serviceAccountsOnly, serviceAccounts.map(serviceAccount).join('---\n'));
  const catalogue = path.join(directory, 'aoa-iam.yaml');
  writeFileSync(catalogue, catalogueText(serviceAccounts));
  return { manifests, serviceAccountsOnly, catalogue, serviceAccounts };
}

function serviceAccount(name) {
  return `# Source: bench/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${NAMESPACE}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/managed-by: Helm
`;
}

function configMap(index) {
  const lines = [];
  for (let line = 0; line < 52; line++) {
    lines.push(`    key_${line} = "value ${index}-${line} with some text to make it realistic"`);
  }
  return `# Source: bench/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${index}
  namespace: ${NAMESPACE}
data:
  enabled: "no"
  level: "010"
  app.ini: |
${lines.join('\n')}
`;
}

function deployment(index, serviceAccountName) {
  return `# Source: bench/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${index}
  namespace: ${NAMESPACE}
  labels:
    app.kubernetes.io/name: app-${index}
    app.kubernetes.io/version: "1.${index % 50}.0"
    git-sha: 81111e1
  annotations:
    deployment.kubernetes.io/revision: "${index % 7}"
spec:
  replicas: ${1 + (index % 4)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${index}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${index}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: ${serviceAccountName}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
      containers:
        - name: app
          image: registry.example.com/bench/app-${index}:1.${index % 50}.0
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--metrics-port=9090", "--log-level=info"]
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090}
          env:
            - name: FEATURE_FLAG
              value: "off"
            - name: REGION
              value: eu-west-1
            - name: POD_NAME
              valueFrom:
                fieldRef: {fieldPath: metadata.name}
          # Probes follow the service's own health endpoint.
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
          livenessProbe:
            httpGet: {path: /livez, port: http}
            initialDelaySeconds: 15
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          volumeMounts:
            - {name: config, mountPath: /etc/app, readOnly: true}
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: config
          configMap: {name: config-${index - 1}}
        - name: tmp
          emptyDir: {}
      tolerations:
        - {key: workload, operator: Equal, value: general, effect: NoSchedule}
`;
}

function catalogueText(serviceAccounts) {
  const identities = serviceAccounts.map(
    (name) => `      ${name}:\n        serviceAccount: ${name}`,
  );
  const grants = serviceAccounts.map((name) => `        ${name}: [read-metrics]`);
  return `version: aoa-iam/v1
parent: bench-platform
environments:
  staging:
    account: "111111111111"
    region: eu-west-1
    boundary: arn:aws:iam::111111111111:policy/aoa-iam-boundary
    providers:
      eks:
        type: eks-irsa
        issuer: oidc.eks.eu-west-1.amazonaws.com/id/BENCH0000000000000000000000000000
capabilities:
  read-metrics:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: [cloudwatch:GetMetricData]
          Resource: "*"
apps:
  bench:
    namespace: ${NAMESPACE}
    identities:
${identities.join('\n')}
    grants:
      staging:
${grants.join('\n')}
`;
}
