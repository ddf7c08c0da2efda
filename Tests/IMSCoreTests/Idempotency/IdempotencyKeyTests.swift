import IMSCore
import Testing

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    @Test(
        "keys of 1 to 255 visible ASCII characters are accepted",
        arguments: [
            "a", String(repeating: "k", count: 255), "order-123_ABC.~!", "550e8400-e29b-41d4-a716-446655440000",
        ])
    func valid(key: String) throws {
        let idempotencyKey = try IdempotencyKey(scope: "service:bins", key: key, requestHash: "h1")
        #expect(idempotencyKey.key == key)
        #expect(idempotencyKey.scope == "service:bins")
    }

    @Test(
        "other keys are refused",
        arguments: [
            "", String(repeating: "k", count: 256), "has space", "tab\there", "line\n", "café", "ключ", "key😀", "\u{7F}",
        ])
    func invalid(key: String) {
        let error = expectIMSError(.idempotencyKeyInvalid) { try IdempotencyKey(scope: "service:bins", key: key, requestHash: "h1") }
        #expect(error?.field == "Idempotency-Key")
    }

    @Test("a key seen for the first time proceeds")
    func firstUse() throws {
        #expect(try IdempotencyKey(scope: "s", key: "k", requestHash: "h1").decide(stored: nil) == .proceed)
    }

    @Test("the same key with the same request replays the original result")
    func replay() throws {
        #expect(try IdempotencyKey(scope: "s", key: "k", requestHash: "h1").decide(stored: "h1") == .replay)
    }

    @Test("the same key with a different request is a conflict")
    func conflict() throws {
        let key = try IdempotencyKey(scope: "s", key: "k", requestHash: "h2")
        let error = expectIMSError(.idempotencyKeyReused, kind: .conflict) { try key.decide(stored: "h1") }
        #expect(error?.field == "Idempotency-Key")
    }
}
