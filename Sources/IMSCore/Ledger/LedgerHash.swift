import Crypto
import Foundation

/// The tamper-evident chain over the ledger. Each sealed entry gets a position in one sequence and
/// `chainHash(n) = SHA-256(chainHash(n−1) ‖ n ‖ entryHash(n))`, where `entryHash` covers every stored
/// field of the entry and its lines. Changing, adding or removing any sealed row behind IMS's back breaks
/// the chain from that point, which `ims verify` reports.
public enum LedgerHash {
    /// The chain hash before the first seal.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of one stored entry: its id, recording time and full content, in a length-prefixed
    /// canonical form so that no two different entries serialise alike.
    public static func entryHash(_ entry: Entry) -> String {
        var canonical = CanonicalWriter()
        canonical.append(entry.id)
        canonical.append(entry.recordedAt.microsecondsSince1970)
        let content = entry.content
        canonical.append(content.kind.rawValue)
        canonical.append(content.occurredAt.microsecondsSince1970)
        canonical.append(content.recordedBy.key)
        for text in [content.origin.channel, content.origin.office, content.origin.methodOfPayment] { canonical.append(text) }
        canonical.append(content.correctsEntryID)
        for text in [
            content.externalReference, content.payer.name, content.payer.address, content.payer.postcode,
            content.pspReference, content.card.brand, content.card.lastFourDigits, content.narrative,
        ] {
            canonical.append(text)
        }
        canonical.append(Int64(content.lines.count))
        for line in content.lines {
            canonical.append(line.account.key)
            canonical.append(line.amount.pence)
            canonical.append(line.vatCode)
            canonical.append(line.vatRateBasisPoints)
            canonical.append(line.vatAmount.pence)
            canonical.append(line.narrative)
        }
        // Only where there is one, so that entries sealed before the field existed hash as they did.
        if let digest = content.recordsDigest { canonical.append(digest) }
        return sha256Hex(canonical.bytes)
    }

    /// The next link of the chain.
    public static func chainHash(previous: String, position: Int64, entryHash: String) -> String {
        var canonical = CanonicalWriter()
        canonical.append(previous)
        canonical.append(position)
        canonical.append(entryHash)
        return sha256Hex(canonical.bytes)
    }

    /// SHA-256 of arbitrary text, hex-encoded; for API key hashes and request fingerprints.
    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// SHA-256 of bytes, hex-encoded; for file digests.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// Length-prefixed fields: `<tag><length>:<bytes>`, with `nil` distinct from the empty string.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: String?) {
        guard let text else { bytes.append(UInt8(ascii: "N")); return }
        let utf8 = Array(text.utf8)
        bytes.append(UInt8(ascii: "S"))
        bytes.append(contentsOf: Array("\(utf8.count):".utf8))
        bytes.append(contentsOf: utf8)
    }

    mutating func append(_ number: Int64?) {
        guard let number else { bytes.append(UInt8(ascii: "N")); return }
        bytes.append(UInt8(ascii: "I"))
        bytes.append(contentsOf: Array("\(number);".utf8))
    }
}

/// One link of the chain as stored beside the ledger (seals are append-only; entries are never updated).
public struct LedgerSeal: Hashable, Sendable {
    public let position: Int64
    public let entryID: Int64
    public let entryHash: String
    public let chainHash: String

    public init(position: Int64, entryID: Int64, entryHash: String, chainHash: String) {
        self.position = position
        self.entryID = entryID
        self.entryHash = entryHash
        self.chainHash = chainHash
    }

    /// Seals `entry` after `previous` (or after the genesis when it is the first).
    public static func sealing(_ entry: Entry, after previous: LedgerSeal?) -> LedgerSeal {
        let position = (previous?.position ?? 0) + 1
        let entryHash = LedgerHash.entryHash(entry)
        let chainHash = LedgerHash.chainHash(previous: previous?.chainHash ?? LedgerHash.genesis, position: position, entryHash: entryHash)
        return LedgerSeal(position: position, entryID: entry.id, entryHash: entryHash, chainHash: chainHash)
    }
}
