import Foundation
import IMSCore

/// The kinds of search `ims bench search` times, in the order it prints them.
enum SearchQueryKind: String, CaseIterable, Codable, Sendable {
    case receipt = "receipt"
    case accountExact = "account exact"
    case accountPrefix = "account prefix"
    case postcode = "postcode"
    case amountExact = "amount exact"
    case fundYear = "fund+year"
    case textPrefixCommon = "text prefix (common surname)"
    case textPrefixRare = "text prefix (rare surname)"
    case textTwoWords = "text two words"
    case textAndFund = "text + fund"
    case cardLast4 = "card last 4"
    case providerReference = "provider reference"
    /// Pages 2 to 6 of a common-surname search, each reached with the previous page's `next`.
    case deepPage = "deep page (next ×5)"

    /// Lookups on an indexed column (target p95 20 ms); the others are text searches (target p95 100 ms).
    var isIndexedLookup: Bool {
        switch self {
        case .textPrefixCommon, .textPrefixRare, .textTwoWords, .textAndFund, .deepPage: false
        default: true
        }
    }
}

/// One search to time: the query string of `GET /api/v1/transactions`, and how many `next` pages to follow.
struct SearchQuery: Sendable {
    let kind: SearchQueryKind
    let query: String
    var followPages = 0
}

/// A fixed, seeded mix of searches built from sampled values: `perKind` of every kind there are values for,
/// shuffled so that kinds interleave as they would from many users.
struct SearchQueryMix {
    let sample: SearchSample
    let perKind: Int

    /// The queries, and the kinds left out because the sample held no values for them.
    func queries(random: inout SeededRandom) -> (queries: [SearchQuery], missing: [SearchQueryKind]) {
        var queries: [SearchQuery] = []
        var missing: [SearchQueryKind] = []
        for kind in SearchQueryKind.allCases {
            var made = 0
            for _ in 0..<perKind {
                guard let query = query(kind, &random) else { break }
                queries.append(query)
                made += 1
            }
            if made == 0 { missing.append(kind) }
        }
        queries.shuffle(using: &random)
        return (queries, missing)
    }

    private func query(_ kind: SearchQueryKind, _ random: inout SeededRandom) -> SearchQuery? {
        let text: String? =
            switch kind {
            case .receipt: pick(sample.receipts, &random).map { parameter("receipt_reference", $0) }
            case .accountExact: pick(sample.accounts, &random).map { parameter("account_reference", $0) }
            case .accountPrefix: pick(sample.accounts, &random).map { parameter("account_reference", String($0.prefix(max(2, $0.count - 3))) + "*") }
            case .postcode: pick(sample.postcodes, &random).map { parameter("postcode", $0) }
            case .amountExact: pick(sample.amountsPence, &random).map { parameter("amount", String($0)) }
            case .fundYear: pick(sample.fundYears, &random).map(fundYear)
            case .textPrefixCommon, .deepPage: pick(commonSurnames, &random).map { parameter("text", prefix($0, &random)) }
            case .textPrefixRare: pick(rareSurnames, &random).map { parameter("text", prefix($0, &random)) }
            case .textTwoWords: pick(sample.names, &random).map { parameter("text", "\($0.surname) \($0.forename.prefix(3))") }
            case .textAndFund:
                pick(commonSurnames, &random).flatMap { surname in
                    pick(sample.fundYears, &random).map { parameter("text", prefix(surname, &random)) + "&" + parameter("fund_code", $0.fund) }
                }
            case .cardLast4: pick(sample.cardLast4, &random).map { parameter("card_last4", $0) }
            case .providerReference: pick(sample.providerReferences, &random).map { parameter("provider_reference", $0) }
            }
        return text.map { SearchQuery(kind: kind, query: $0, followPages: kind == .deepPage ? 5 : 0) }
    }

    /// The query string of one fund's records in one UK calendar year (also what the CSV export takes).
    func fundYear(_ value: SearchSample.FundYear) -> String {
        [parameter("fund_code", value.fund), parameter("from", "\(value.year)-01-01"), parameter("to", "\(value.year)-12-31")].joined(separator: "&")
    }

    /// The most frequent fifth of the sampled surnames (at least one).
    var commonSurnames: [String] {
        let sorted = sample.surnamesByFrequency
        return Array(sorted.prefix(max(1, sorted.count / 5)))
    }

    /// The least frequent fifth of the sampled surnames (at least one).
    var rareSurnames: [String] {
        let sorted = sample.surnamesByFrequency
        return Array(sorted.suffix(max(1, sorted.count / 5)))
    }

    /// The first 3 to 5 letters of a word, as someone starting to type it.
    private func prefix(_ word: String, _ random: inout SeededRandom) -> String {
        String(word.prefix(Int.random(in: 3...5, using: &random)))
    }

    private func pick<T>(_ values: [T], _ random: inout SeededRandom) -> T? {
        values.isEmpty ? nil : values[Int(random.next(upTo: UInt64(values.count)))]
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~*")

    private func parameter(_ name: String, _ value: String) -> String {
        "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")"
    }
}
