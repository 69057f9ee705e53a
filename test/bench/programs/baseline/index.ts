import * as pulumi from "@pulumi/pulumi";
import { memberEmail, membershipOf, mixShape } from "../../mix-shape";

// The benchmark's baseline: the same N resources, names and dependency shape as the PostHog
// program (memberships take a role's id, the export the project's id), each a plain dynamic
// resource whose provider answers at once and sends nothing. What the engine costs by itself.
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: `id-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async read(id: string, props: any) {
    return { id, props };
  },
  async diff() {
    return { changes: false };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const n = new pulumi.Config().requireNumber("n");
const shape = mixShape(n);
const project = new Noop("web", { name: "Web", timezone: "Europe/Berlin", anonymizeIps: true });
new Noop("sso", { domain: "bench.example.com" });
new Noop("tracking", { domain: "t.bench.example.com" });
new Noop("noop", { projectId: project.id, name: "Bench export", interval: "hour" });
const roles = Array.from({ length: shape.roles }, (_, i) => new Noop(`role${i}`, { name: `Role ${i}` }));
for (let i = 0; i < shape.invites; i++)
  new Noop(`invite${i}`, { email: `invitee${i}@bench.example.com`, level: "member" });
for (let i = 0; i < shape.levels; i++) new Noop(`level${i}`, { email: memberEmail(i), level: "admin" });
for (let k = 0; k < shape.memberships; k++) {
  const { member, role } = membershipOf(k, shape);
  new Noop(`membership${k}`, { roleId: roles[role].id, email: memberEmail(member) });
}
