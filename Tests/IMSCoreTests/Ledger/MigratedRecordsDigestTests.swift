import IMSCore
import Testing

@Suite("Migrated records' digest")
struct MigratedRecordsDigestTests {
    static func records() -> [TransactionRecord] {
        let time = Timestamp(microsecondsSince1970: 1_554_286_500_000_000)
        return [
            TransactionRecord(
                id: 10, occurredAt: time, kind: .payment, source: .legacy, entryID: 3, receiptReference: "L0001", fund: "CTAX",
                accountReference: "771234564", amount: Money(pence: 120_00), payer: PayerDetails(name: "Wright-Lee"), importBatchID: 1, fileLine: 2),
            TransactionRecord(
                id: 11, occurredAt: time, kind: .payment, source: .legacy, entryID: 3, receiptReference: "L0002", fund: "CTAX",
                accountReference: "771234564", amount: Money(pence: 30_00), payer: PayerDetails(name: "Ní Bhriain"), importBatchID: 1, fileLine: 3),
        ]
    }

    static func digest(_ records: [TransactionRecord]) -> String {
        var digest = MigratedRecordsDigest()
        for record in records { digest.add(record) }
        return digest.finalize()
    }

    @Test("issue 9 item 5: the digest counts the records and changes with 1p moved between them, a payer's name, or their order")
    func changes() {
        let original = Self.digest(Self.records())
        #expect(original.hasPrefix("2:") && original.count == 2 + 64)
        #expect(Self.digest(Self.records()) == original)
        var moved = Self.records()
        moved[0].amount = Money(pence: 120_01)
        moved[1].amount = Money(pence: 29_99)
        #expect(Self.digest(moved) != original)
        var renamed = Self.records()
        renamed[1].payer.name = "Someone Else"
        #expect(Self.digest(renamed) != original)
        var emptied = Self.records()
        emptied[0].narrative = ""
        #expect(Self.digest(emptied) != original, "an empty text is not a missing one")
        #expect(Self.digest(Self.records().reversed()) != original)
        #expect(Self.digest([]) == "0:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("issue 9 item 5: gathering more or less text before hashing gives the same digest")
    func flushing() {
        var small = MigratedRecordsDigest(flushBytes: 1)
        for record in Self.records() { small.add(record) }
        #expect(small.finalize() == Self.digest(Self.records()))
    }
}
