import IMSCore
import Testing

@Suite("Ledger hash chain")
struct LedgerHashTests {
    static func baseContent() -> EntryContent {
        EntryContent(
            kind: .payment, occurredAt: Fixture.time, recordedBy: .user("cashier.alice"),
            origin: Origin(channel: "counter", office: "TOWNHALL", methodOfPayment: "CARD"), correctsEntryID: nil, externalReference: "LEG-1",
            payer: PayerDetails(name: "Seán D'Souza", address: "1 Heol y Parc, Demotown", postcode: "DM1 1AA"), pspReference: "sandbox-1",
            card: CardSummary(brand: "visa", lastFourDigits: "1111"),
            narrative: nil,
            lines: [
                EntryLine(
                    account: .fund("SUND", AccountReference(normalising: "912345678")), amount: Money(pence: -1_200),
                    vatCode: "STD", vatRateBasisPoints: 2000, vatAmount: Money(pence: -200), narrative: nil),
                EntryLine(account: .fund("CTAX", AccountReference(normalising: "771234564")), amount: Money(pence: -800), vatCode: "OUT"),
                EntryLine(account: .clearing("CARD"), amount: Money(pence: 2_000)),
            ])
    }

    static func baseEntry() -> Entry { Entry(id: 7, recordedAt: Fixture.time.adding(seconds: 5), content: baseContent()) }

    /// One change to one stored field of an entry; each must change the entry's hash.
    enum Change: String, CaseIterable, Sendable {
        case id, recordedAt, kind, occurredAt, recordedByName, recordedByKind, channel, channelNilled, office, methodOfPayment
        case correctsEntryID, externalReference, payerName, payerAddress, postcode, pspReference, cardBrand, cardLast4
        case narrativeEmptyNotNil, narrativeText
        case lineAmount, lineAccount, lineReference, lineVATCode, lineVATRate, lineVATAmount, lineNarrativeEmptyNotNil
        case linesReordered, lineAdded, lineRemoved

        func apply(to entry: Entry) -> Entry {
            var id = entry.id
            var recordedAt = entry.recordedAt
            var content = entry.content
            switch self {
            case .id: id += 1
            case .recordedAt: recordedAt = recordedAt.adding(seconds: 1)
            case .kind: content.kind = .migration
            case .occurredAt: content.occurredAt = Timestamp(microsecondsSince1970: content.occurredAt.microsecondsSince1970 + 1)
            case .recordedByName: content.recordedBy = .user("cashier.bob")
            case .recordedByKind: content.recordedBy = .service("cashier.alice")
            case .channel: content.origin.channel = "online"
            case .channelNilled: content.origin.channel = nil
            case .office: content.origin.office = "WEB"
            case .methodOfPayment: content.origin.methodOfPayment = "CASH"
            case .correctsEntryID: content.correctsEntryID = 1
            case .externalReference: content.externalReference = "LEG-2"
            case .payerName: content.payer.name = "Sean D'Souza"
            case .payerAddress: content.payer.address = "2 Heol y Parc, Demotown"
            case .postcode: content.payer.postcode = "DM1 1AB"
            case .pspReference: content.pspReference = "sandbox-2"
            case .cardBrand: content.card.brand = "master-card"
            case .cardLast4: content.card.lastFourDigits = "1112"
            case .narrativeEmptyNotNil: content.narrative = ""
            case .narrativeText: content.narrative = "x"
            case .lineAmount:
                content.lines[0].amount = Money(pence: -1_201)
                content.lines[2].amount = Money(pence: 2_001)
            case .lineAccount: content.lines[1].account = .fund("NNDR", AccountReference(normalising: "771234564"))
            case .lineReference: content.lines[1].account = .fund("CTAX", AccountReference(normalising: "771234572"))
            case .lineVATCode: content.lines[0].vatCode = "RED"
            case .lineVATRate: content.lines[0].vatRateBasisPoints = 1750
            case .lineVATAmount: content.lines[0].vatAmount = Money(pence: -199)
            case .lineNarrativeEmptyNotNil: content.lines[0].narrative = ""
            case .linesReordered: content.lines.swapAt(0, 1)
            case .lineAdded: content.lines.append(EntryLine(account: .clearing("CARD"), amount: Money(pence: 1)))
            case .lineRemoved: content.lines.removeLast()
            }
            return Entry(id: id, recordedAt: recordedAt, content: content)
        }
    }

    @Test("issue 9 item 5: an entry without a records digest hashes exactly as before the digest existed; its digest is part of the hash")
    func recordsDigest() {
        // The SHA-256 of the canonical form as it was before `recordsDigest` (worked out independently).
        #expect(LedgerHash.entryHash(Self.baseEntry()) == "ca9d7f605124122ccdd98007e7f4be34e52fd205777dcca9be38ff3a5db38b23")
        var content = Self.baseContent()
        content.recordsDigest = "2:" + String(repeating: "a", count: 64)
        let sealed = LedgerHash.entryHash(Entry(id: 7, recordedAt: Fixture.time.adding(seconds: 5), content: content))
        #expect(sealed != LedgerHash.entryHash(Self.baseEntry()))
        content.recordsDigest = "2:" + String(repeating: "a", count: 63) + "b"
        #expect(LedgerHash.entryHash(Entry(id: 7, recordedAt: Fixture.time.adding(seconds: 5), content: content)) != sealed)
    }

    @Test("an entry's hash is 64 hex digits and the same for equal entries")
    func stable() {
        let hash = LedgerHash.entryHash(Self.baseEntry())
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(LedgerHash.entryHash(Self.baseEntry()) == hash)
        #expect(LedgerHash.entryHash(Entry(id: 7, recordedAt: Fixture.time.adding(seconds: 5), content: Self.baseContent())) == hash)
    }

    @Test("changing any stored field changes the hash", arguments: Change.allCases)
    func changes(change: Change) {
        let base = Self.baseEntry()
        let changed = change.apply(to: base)
        #expect(changed != base, "the change must change the entry")
        #expect(LedgerHash.entryHash(changed) != LedgerHash.entryHash(base))
    }

    @Test("no two of the changes hash alike")
    func changesAllDistinct() {
        let hashes = Set(Change.allCases.map { LedgerHash.entryHash($0.apply(to: Self.baseEntry())) } + [LedgerHash.entryHash(Self.baseEntry())])
        #expect(hashes.count == Change.allCases.count + 1)
    }

    @Test("text moved from one field to the next does not hash alike")
    func fieldBoundaries() {
        var first = Self.baseContent()
        first.origin.channel = "ab"
        first.origin.office = "c"
        var second = Self.baseContent()
        second.origin.channel = "a"
        second.origin.office = "bc"
        #expect(
            LedgerHash.entryHash(Entry(id: 1, recordedAt: Fixture.time, content: first))
                != LedgerHash.entryHash(Entry(id: 1, recordedAt: Fixture.time, content: second)))
    }

    @Test("SHA-256 matches the published test vectors")
    func sha256() {
        #expect(LedgerHash.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(LedgerHash.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("the chain starts from 64 zeros")
    func genesis() {
        #expect(LedgerHash.genesis == String(repeating: "0", count: 64))
    }

    /// The link format stored seals depend on: SHA-256 of the length-prefixed previous hash, the position and
    /// the entry hash. Pinned here so that a change to it, which would break every existing chain, fails.
    static func expectedLink(previous: String, position: Int64, entryHash: String) -> String {
        LedgerHash.sha256Hex("S64:\(previous)I\(position);S64:\(entryHash)")
    }

    @Test("the first seal follows the genesis at position 1")
    func firstSeal() {
        let entry = Self.baseEntry()
        let seal = LedgerSeal.sealing(entry, after: nil)
        #expect(seal.position == 1)
        #expect(seal.entryID == 7)
        #expect(seal.entryHash == LedgerHash.entryHash(entry))
        #expect(seal.chainHash == Self.expectedLink(previous: LedgerHash.genesis, position: 1, entryHash: seal.entryHash))
        #expect(LedgerHash.chainHash(previous: LedgerHash.genesis, position: 1, entryHash: seal.entryHash) == seal.chainHash)
    }

    @Test("each seal links to the one before, so changing an entry breaks the chain from there on")
    func chain() {
        let entries = (Int64(1)...4).map { Entry(id: $0, recordedAt: Fixture.time.adding(seconds: $0), content: Self.baseContent()) }
        var seals: [LedgerSeal] = []
        for entry in entries { seals.append(LedgerSeal.sealing(entry, after: seals.last)) }
        #expect(seals.map(\.position) == [1, 2, 3, 4])
        #expect(seals.map(\.entryID) == [1, 2, 3, 4])
        for index in 1..<seals.count {
            #expect(
                seals[index].chainHash
                    == Self.expectedLink(previous: seals[index - 1].chainHash, position: Int64(index + 1), entryHash: seals[index].entryHash))
        }
        #expect(Set(seals.map(\.chainHash)).count == 4)

        var tampered = entries
        var content = tampered[1].content
        content.payer.name = "Someone Else"
        tampered[1] = Entry(id: 2, recordedAt: tampered[1].recordedAt, content: content)
        var resealed: [LedgerSeal] = []
        for entry in tampered { resealed.append(LedgerSeal.sealing(entry, after: resealed.last)) }
        #expect(resealed[0] == seals[0])
        for index in 1..<4 { #expect(resealed[index].chainHash != seals[index].chainHash) }
        #expect(resealed[2].entryHash == seals[2].entryHash, "later entries are unchanged; only their links break")
    }
}
