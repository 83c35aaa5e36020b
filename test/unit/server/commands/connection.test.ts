import { describe, expect, it } from 'vitest';
import { makeServer } from '../../../helpers/harness.js';

describe('connection commands', () => {
  it('answers PING with +PONG and PING msg with a bulk', () => {
    const c = makeServer().client();
    expect(c.run('PING')).toBe('+PONG\r\n');
    expect(c.run('ping', 'hello')).toBe('$5\r\nhello\r\n');
  });

  it('rejects unknown commands with the args preview', () => {
    const c = makeServer().client();
    expect(c.run('nosuch', 'a', 'b')).toBe("-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n");
  });

  it('checks arity before running', () => {
    const c = makeServer().client();
    expect(c.run('echo')).toBe("-ERR wrong number of arguments for 'echo' command\r\n");
  });
});
