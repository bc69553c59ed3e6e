import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyCommand } from '../../src/analysis/commands.ts';
import { LlmClassifier, llmClassifierFromEnv, parseAnswer } from '../../src/analysis/llm-classifier.ts';

/** A stand-in for a chat completions API, on 127.0.0.1 only. */
function fakeModel(answer: (command: string) => string): Promise<{ server: Server; url: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const parsed = JSON.parse(body) as { messages: Array<{ content: string }> };
    requests.push({ auth: req.headers.authorization, body: parsed });
    const command = (JSON.parse(parsed.messages[1]!.content) as { command: string }).command;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ choices: [{ message: { content: answer(command) } }] }));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`, requests })),
  );
}

describe('LLM command classifier', () => {
  let fake: Awaited<ReturnType<typeof fakeModel>>;
  before(async () => {
    fake = await fakeModel((command) =>
      command.includes('snapshot save') ? '{"category": "diagnostic", "reason": "a backup reads data"}' : 'not json',
    );
  });
  after(() => fake.server.close());

  it('refines a category, keeps the rule-based one, and caches the answer', async () => {
    const cachePath = join(await mkdtemp(join(tmpdir(), 'gauntlet-llm-')), 'cache.json');
    const options = { apiKey: 'test-key', url: fake.url, model: 'fake-1', cachePath };
    const command = classifyCommand({ toolName: 'etcdctl', toolParams: 'snapshot save /tmp/s.db', timestamp: 0 }, []);
    assert.equal(command.category, 'other');
    const [refined] = await new LlmClassifier(options).refine([command]);
    assert.equal(refined!.category, 'other');
    assert.equal(refined!.rule, 'unmatched');
    assert.deepEqual(refined!.refined, { category: 'diagnostic', by: 'llm:fake-1', reason: 'a backup reads data' });
    assert.equal(fake.requests.length, 1);
    assert.equal((fake.requests[0] as { auth: string }).auth, 'Bearer test-key');
    const [again] = await new LlmClassifier(options).refine([command]);
    assert.deepEqual(again!.refined, refined!.refined);
    assert.equal(fake.requests.length, 1, 'the second classifier answered from the cache file');
  });

  it('refuses an answer that is not one of the categories', async () => {
    const cachePath = join(await mkdtemp(join(tmpdir(), 'gauntlet-llm-')), 'cache.json');
    const command = classifyCommand({ toolName: 'echo', toolParams: 'hi', timestamp: 0 }, []);
    await assert.rejects(new LlmClassifier({ apiKey: 'k', url: fake.url, model: 'fake-1', cachePath }).refine([command]), /expected \{"category"/);
    assert.throws(() => parseAnswer('{"category": "dangerous"}'), /one of diagnostic, remediation, destructive, other/);
  });

  it('is not available without an API key', () => {
    assert.match(String(llmClassifierFromEnv({}, '/tmp/x.json')), /GAUNTLET_LLM_API_KEY/);
  });
});
