// Validates every object of a rendered manifest against Kubernetes' OpenAPI schemas, offline
// (npm's kubernetes-models, installed by scripts/install-deps.sh next to this file's copy).
// Usage: node validate.mjs RENDERED.yaml   (exit 1 naming the first invalid object)
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const docs = yaml.loadAll(readFileSync(process.argv[2], "utf8")).filter((d) => d);
if (docs.length === 0) {
  console.error("no objects in " + process.argv[2]);
  process.exit(1);
}
for (const d of docs) {
  const [group, version] = d.apiVersion.includes("/") ? d.apiVersion.split("/") : ["", d.apiVersion];
  const models = await import(`kubernetes-models/${group ? group + "/" : ""}${version}`);
  const Model = models[d.kind];
  if (!Model) {
    console.error(`FAIL ${d.kind} ${d.metadata.name}: no schema for ${d.apiVersion} ${d.kind}`);
    process.exit(1);
  }
  try {
    new Model(d).validate();
  } catch (e) {
    console.error(`FAIL ${d.kind} ${d.metadata.name}: ${e.message}`);
    process.exit(1);
  }
  console.log(`ok   ${d.apiVersion} ${d.kind} ${d.metadata.name}`);
}
