/// A client's `Idempotency-Key`: the same key with the same request returns the original result; with a
/// different request it is a conflict. Keys are scoped to the caller (a service), so two services cannot
/// collide.
public struct IdempotencyKey: Hashable, Sendable {
    public let scope: String
    public let key: String
    /// A fingerprint of the request the key was first used with.
    public let requestHash: String

    /// Keys are 1–255 visible ASCII characters.
    public init(scope: String, key: String, requestHash: String) throws(IMSError) {
        guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .validation(.idempotencyKeyInvalid, "Idempotency-Key must be 1 to 255 visible ASCII characters", field: "Idempotency-Key")
        }
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
    }

    /// What to do given the request hash already stored under this key, if any.
    public func decide(stored storedRequestHash: String?) throws(IMSError) -> IdempotencyDecision {
        guard let storedRequestHash else { return .proceed }
        guard storedRequestHash == requestHash else {
            throw IMSError(
                .conflict, .idempotencyKeyReused, "This Idempotency-Key was already used with a different request", field: "Idempotency-Key")
        }
        return .replay
    }
}

public enum IdempotencyDecision: Sendable, Hashable {
    /// First use: do the work and remember the key.
    case proceed
    /// Seen before with the same request: return the original result, do nothing new.
    case replay
}
