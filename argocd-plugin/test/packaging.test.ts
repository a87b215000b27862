import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARGOCD_PLUGIN_NAME, ARGOCD_PLUGIN_VERSION, argocdPluginReference } from '@aoa-iam/core';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { SETTINGS } from '../src/settings.js';
import { copyRepository, hasKustomize, REPO_ROOT, runPlugin } from './run-plugin.js';

// plugin.yaml, the Dockerfile and the install manifests cannot run here (no
// Docker, no cluster); these tests check what they say against what the plugin does.
const PLUGIN = path.join(REPO_ROOT, 'argocd-plugin');
const pluginYaml = parseDocument(readFileSync(path.join(PLUGIN, 'plugin.yaml'), 'utf8')).toJS() as {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version?: string;
    discover?: unknown;
    generate: { command: string[] };
    parameters: { static: Array<{ name: string; string?: string; required?: boolean }> };
  };
};

if (!hasKustomize()) {
  console.warn('skipping the repo-server patch test: neither kustomize nor kubectl is on PATH');
}

describe('plugin.yaml', () => {
  it('is a ConfigManagementPlugin selected by name only', () => {
    expect(pluginYaml.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(pluginYaml.kind).toBe('ConfigManagementPlugin');
    expect(pluginYaml.spec.discover).toBeUndefined();
  });

  it('declares the name and version the plugin stamps into children', () => {
    const declared = `${pluginYaml.metadata.name}-${pluginYaml.spec.version}`;

    const run = runPlugin(copyRepository(), 'examples/platform/applications', {
      ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'staging',
      ARGOCD_APP_NAME: 'platform',
    });
    const stamped = [...run.stdout.matchAll(/ {4}plugin:\n {6}name: (\S+)\n/g)].map(
      (match) => match[1],
    );

    expect([pluginYaml.metadata.name, pluginYaml.spec.version]).toEqual([
      ARGOCD_PLUGIN_NAME,
      ARGOCD_PLUGIN_VERSION,
    ]);
    expect(stamped).toEqual([declared, declared, declared, declared]);
    expect(argocdPluginReference()).toBe(declared);
  });

  it('announces every setting, with the defaults the plugin applies itself', () => {
    const announced = pluginYaml.spec.parameters.static;

    expect(announced.map((parameter) => parameter.name)).toEqual(
      SETTINGS.map((setting) => setting.parameter),
    );
    for (const setting of SETTINGS) {
      const parameter = announced.find((candidate) => candidate.name === setting.parameter)!;
      expect({ name: setting.parameter, default: parameter.string }).toEqual({
        name: setting.parameter,
        default: setting.default,
      });
    }
    expect(announced.find((parameter) => parameter.name === 'environment')?.required).toBe(true);
  });

  it('runs the bundle the Dockerfile installs', () => {
    const dockerfile = readFileSync(path.join(PLUGIN, 'Dockerfile'), 'utf8');

    expect(pluginYaml.spec.generate.command).toEqual(['node', '/usr/local/lib/aoa-iam/index.js']);
    expect(dockerfile).toContain('COPY dist/index.js dist/package.json /usr/local/lib/aoa-iam/\n');
    expect(dockerfile).toContain('COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml\n');
    expect(dockerfile).toContain('\nUSER 999\n');
    expect(dockerfile).toContain('ENTRYPOINT ["/var/run/argocd/argocd-cmp-server"]');
  });
});

interface Container {
  name: string;
  command?: string[];
  securityContext: { runAsUser: number };
  volumeMounts: Array<{ mountPath: string }>;
}

describe('install manifests', () => {
  it('are valid YAML, and the examples name the plugin as Argo CD registers it', () => {
    for (const folder of ['install', 'examples']) {
      for (const file of readdirSync(path.join(PLUGIN, folder))) {
        const documents = parseAllDocuments(readFileSync(path.join(PLUGIN, folder, file), 'utf8'));
        expect(Array.isArray(documents)).toBe(true);
        for (const document of documents as unknown as Array<{ errors: unknown[] }>) {
          expect({ file, errors: document.errors }).toEqual({ file, errors: [] });
        }
      }
    }
    for (const file of ['parent-application.yaml', 'child-application.yaml']) {
      expect(readFileSync(path.join(PLUGIN, 'examples', file), 'utf8')).toContain(
        `      name: ${argocdPluginReference()}\n`,
      );
    }
  });

  it.skipIf(!hasKustomize())(
    'patch argocd-repo-server with the sidecar, its volumes and uid 999',
    () => {
      const work = mkdtempSync(path.join(tmpdir(), 'aoa-iam-install-'));
      copyFileSync(
        path.join(PLUGIN, 'install/argocd-repo-server-patch.yaml'),
        path.join(work, 'patch.yaml'),
      );
      // The part of Argo CD's own install the patch builds on.
      writeFileSync(
        path.join(work, 'repo-server.yaml'),
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  template:
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.13.0
      volumes:
        - name: var-files
          emptyDir: {}
        - name: plugins
          emptyDir: {}
`,
      );
      writeFileSync(
        path.join(work, 'kustomization.yaml'),
        'resources: [repo-server.yaml]\npatches:\n  - path: patch.yaml\n',
      );

      const built = spawnSync('kubectl', ['kustomize', '.'], { cwd: work, encoding: 'utf8' });
      const deployment = parseDocument(built.stdout).toJS() as {
        spec: {
          template: {
            spec: { containers: Container[]; volumes: Array<{ name: string }> };
          };
        };
      };
      const pod = deployment.spec.template.spec;
      const sidecar = pod.containers.find((container) => container.name === 'aoa-iam')!;

      expect(built.status, built.stderr).toBe(0);
      expect(pod.containers.map((container) => container.name)).toEqual([
        'aoa-iam',
        'argocd-repo-server',
      ]);
      expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
      expect(sidecar.securityContext.runAsUser).toBe(999);
      expect(sidecar.volumeMounts.map((mount) => mount.mountPath)).toEqual([
        '/var/run/argocd',
        '/home/argocd/cmp-server/plugins',
        '/tmp',
      ]);
      expect(pod.volumes.map((volume) => volume.name).sort()).toEqual([
        'aoa-iam-tmp',
        'plugins',
        'var-files',
      ]);
    },
  );
});
