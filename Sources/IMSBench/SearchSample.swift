import IMSCore

/// Real values from the records in a database, for `ims bench search` to look for: records are read at
/// seeded random points of the history (a cursor at a random id finds the records just before it), so
/// every year and fund is represented and the same database and seed give the same values.
public struct SearchSample {
    var records = 0
    var receipts: [String] = []
    var accounts: [String] = []
    var postcodes: [String] = []
    var amountsPence: [Int64] = []
    var providerReferences: [String] = []
    var cardLast4: [String] = []
    var fundYears: [FundYear] = []
    /// Folded surnames (the last word of a payer's name) with how often the sample holds each.
    var surnameCounts: [String: Int] = [:]
    /// Folded (surname, forename) pairs, for two-word searches.
    var names: [(surname: String, forename: String)] = []

    struct FundYear: Hashable {
        let fund: String
        let year: Int
    }

    /// Surnames sorted from most to least frequent (ties by name, so the order is reproducible).
    var surnamesByFrequency: [String] {
        surnameCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// Reads about `points` × `perPoint` records spread over the whole history.
    public static func read(from store: any TransactionStore, points: Int, perPoint: Int, random: inout SeededRandom) async throws -> SearchSample {
        let everything = TransactionFilter()
        guard let newest = try await store.transactions(matching: everything, after: nil, limit: 1).records.first else {
            throw IMSError(
                .notFound, .benchNoRecords, "The database holds no income records: import some first (ims import legacy FILE) or run ims demo")
        }
        let oldest = try await oldestID(in: store, below: newest.id)
        var sample = SearchSample()
        var seen = Set<Int64>()
        for _ in 0..<points {
            let cursor = TransactionCursor(lastID: Int64.random(in: oldest...(newest.id + 1), using: &random))
            for record in try await store.transactions(matching: everything, after: cursor, limit: perPoint).records
            where seen.insert(record.id).inserted {
                sample.add(record)
            }
        }
        return sample
    }

    /// The id of the oldest record: a binary search for the lowest cursor with records before it.
    private static func oldestID(in store: any TransactionStore, below newest: Int64) async throws -> Int64 {
        var low: Int64 = 0
        var high = newest + 1
        while low + 1 < high {
            let middle = low + (high - low) / 2
            let page = try await store.transactions(matching: TransactionFilter(), after: TransactionCursor(lastID: middle), limit: 1)
            if page.records.isEmpty { low = middle } else { high = middle }
        }
        return low
    }

    mutating func add(_ record: TransactionRecord) {
        records += 1
        receipts.append(record.receiptReference)
        accounts.append(record.accountReference)
        amountsPence.append(record.amount.pence)
        fundYears.append(FundYear(fund: record.fund.rawValue, year: UKLocalTime.dateTime(of: record.occurredAt).year))
        if let postcode = record.payer.postcode, !postcode.isEmpty { postcodes.append(postcode) }
        if let reference = record.providerReference, !reference.isEmpty { providerReferences.append(reference) }
        if let last4 = record.card.lastFourDigits, last4.count == 4 { cardLast4.append(last4) }
        let words = SearchWords.words(record.payer.name ?? "")
        if words.count >= 2, let surname = words.last, surname.count >= 3 {
            surnameCounts[surname, default: 0] += 1
            names.append((surname, words[0]))
        }
    }
}
