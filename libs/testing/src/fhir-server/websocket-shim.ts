/**
 * @medplum/core reads `WebSocket.CLOSING` and `WebSocket.CLOSED` while its module loads (for its
 * subscription client), and Node 20 defines a global WebSocket only under --experimental-websocket.
 * Without one, importing it throws `ReferenceError: WebSocket is not defined`, under jest too.
 * The in-memory test server never opens a socket, so a class carrying the constants is enough;
 * a real WebSocket (Node 22+, or the flag) is left alone. Import this before any @medplum module.
 */
const scope = globalThis as { WebSocket?: unknown };

scope.WebSocket ??= class WebSocketUnavailable {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  constructor() {
    throw new Error('No WebSocket on this Node: run it with --experimental-websocket to use one.');
  }
};

export {};
