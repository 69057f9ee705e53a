// A hostile or broken server on loopback, one scenario per test: each must end in an error that
// says what happened, never in a wrong result, and the API key must never reach another origin.
// A second server plays "another host" and records every request it gets.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { PostHogClient, UnexpectedResponseError } from "../../../provider/client";
import { Pacer } from "../../../provider/client/pacer";
import { defineResource } from "../../../provider/runtime/core/define-resource";
import { setContextForTesting } from "../../../provider/runtime/core/context";
import { role } from "../../../provider/runtime/specs/role";

const KEY = "phx_HOSTILE_TEST_SECRET_0123456789abcdef";
const ORG = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Loopback {
  url: string;
  requests: { path: string; authorization?: string }[];
  handle: Handler;
  close(): Promise<void>;
}

async function loopback(): Promise<Loopback> {
  const server: Loopback = {
    url: "",
    requests: [],
    handle: (_req, res) => res.end(),
    close: () => new Promise((resolve) => http_.close(() => resolve())),
  };
  const sockets = new Set<import("node:net").Socket>();
  const http_ = http.createServer((req, res) => {
    server.requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    server.handle(req, res);
  });
  http_.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http_.listen(0, "127.0.0.1", resolve));
  server.url = `http://127.0.0.1:${(http_.address() as AddressInfo).port}`;
  server.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      http_.close(() => resolve());
    });
  return server;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

describe("the client against a hostile or broken server", () => {
  let posthog: Loopback;
  let elsewhere: Loopback;
  let client: PostHogClient;

  beforeEach(async () => {
    posthog = await loopback();
    elsewhere = await loopback();
    client = new PostHogClient({
      host: posthog.url,
      apiKey: KEY,
      pacer: new Pacer(),
      timeoutMs: 1_500,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  });
  afterEach(async () => {
    // The other origin never saw a request, so never the key.
    expect(elsewhere.requests).toEqual([]);
    setContextForTesting(undefined);
    await posthog.close();
    await elsewhere.close();
  });

  it("names an HTML 502 page as an HTML page instead of JSON, after the retries", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>");
    };
    const error = await failure(client.roles.retrieve(ORG, "r1"));
    process.stdout.write(`HTML 502:\n${error.message}\n\n`);
    expect(error.message).toMatch(
      /^GET \/api\/organizations\/[^ ]+\/roles\/r1\/: 502 Bad Gateway: PostHog answered with an HTML page \("502 Bad Gateway"\) instead of JSON\n/,
    );
    expect(posthog.requests).toHaveLength(1 + client.metrics.snapshot().retries); // the first try and the retries
    expect(error.message).not.toContain(KEY);
  });

  it("says a 200 whose JSON stops halfway was cut off, and does not read it as data", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"count": 2, "next": null, "results": [{"id": "0190a1b2-0000-7000-8000-000000000001", "na');
    };
    const error = await failure(client.roles.listAll(ORG));
    process.stdout.write(`truncated JSON:\n${error.message}\n\n`);
    expect(UnexpectedResponseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /^GET [^ ]+\/roles\/: unexpected response body at \(body\): the JSON body was cut off or is malformed \(\d+ bytes, ending in ".*"na"\)/,
    );
  });

  it("says a body that breaks off mid-transfer was cut off, with how much arrived", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.write('{"count": 1, "results": [');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const error = await failure(client.roles.listAll(ORG));
    process.stdout.write(`body cut off:\n${error.message}\n\n`);
    expect(error.message).toMatch(/^GET [^ ]+\/roles\/: the response body was cut off after \d+ bytes \(status 200, /);
  });

  it("refuses a 200 with a wrong-shaped body, naming where and what, and keeps the object in state", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 42, name: ["not", "a", "name"] }));
    };
    const error = await failure(client.roles.retrieve(ORG, "r1"));
    process.stdout.write(`wrong-shaped 200:\n${error.message}\n\n`);
    expect(error.message).toMatch(
      /^GET [^ ]+\/roles\/r1\/: unexpected response body at id: expected a string, got a number \(and \d+ more\)/,
    );
    expect(error.message).not.toMatch(/Invalid input/);
    // A refresh of the role through the provider fails rather than reporting it gone (which would drop it from state).
    setContextForTesting({
      settings: { host: posthog.url, apiKey: KEY, allowInsecureHttp: false, organizationId: ORG },
      client,
      defaultOrganizationId: ORG,
    });
    const refresh = defineResource(role).read("r1", {
      organizationId: ORG,
      name: "Engineering",
      stateVersion: role.stateVersion,
    });
    await expect(refresh).rejects.toThrow(/reading Role "Engineering" in organization .*unexpected response body at /s);
  });

  it("gives up on a body that never ends, within the timeout, naming it", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"results": [');
      const drip = setInterval(() => res.write(" "), 100);
      res.on("close", () => clearInterval(drip));
    };
    const error = await failure(client.roles.listAll(ORG));
    process.stdout.write(`never-ending body:\n${error.message}\n\n`);
    expect(error.message).toMatch(
      /^GET [^ ]+\/roles\/: the response body from http:\/\/127\.0\.0\.1:\d+ did not end within 1500 ms \(\d+ bytes so far, status 200\)\.\nThe client gives a response 1\.5 s in total \(its timeoutMs\)/,
    );
  });

  it("does not follow a redirect to another host, so the key stays home", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/api/organizations/${ORG}/roles/r1/?token=x` });
      res.end();
    };
    const error = await failure(client.roles.retrieve(ORG, "r1"));
    process.stdout.write(`redirect:\n${error.message}\n\n`);
    expect(error.message).toContain(
      `302 Found: PostHog answered with a redirect to ${elsewhere.url}/api/organizations/${ORG}/roles/r1/; redirects are not followed, so the API key was not sent there`,
    );
    expect(error.message).not.toContain("token=x");
    expect(posthog.requests).toHaveLength(1);
  });

  it("does not follow a pagination link to another origin", async () => {
    posthog.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          count: 2,
          next: `${elsewhere.url}/steal/?offset=1`,
          results: [{ id: "0190a1b2-0000-7000-8000-000000000001", name: "A" }],
        }),
      );
    };
    const error = await failure(client.roles.listAll(ORG));
    process.stdout.write(`cross-origin next:\n${error.message}\n\n`);
    expect(error.message).toContain(
      `PostHog returned a pagination link to ${elsewhere.url}, which is not the configured host ${posthog.url}; the link was not followed, so the API key is not sent there.`,
    );
    expect(posthog.requests).toHaveLength(1);
    // Nothing partial was cached: the next read asks again.
    await failure(client.roles.listAll(ORG));
    expect(posthog.requests).toHaveLength(2);
  });
});
