/// The funds someone may see and act on: every fund, or only some. One type for members of staff (from
/// their directory groups, `IMS_FUND_SCOPE_MAP`) and API keys (the key's fund list), read by one rule
/// (`FundVisibility`) on every screen and in the API.
public enum FundScope: Sendable, Hashable {
    case all
    case only(Set<FundCode>)

    /// From a stored list in which no funds means every fund (an API key's, a session's).
    public init(listed funds: some Sequence<FundCode>) {
        let set = Set(funds)
        self = set.isEmpty ? .all : .only(set)
    }

    public func mayUse(_ fund: FundCode) -> Bool {
        switch self {
        case .all: true
        case .only(let funds): funds.contains(fund)
        }
    }

    /// Whether some funds are out of reach.
    public var isLimited: Bool { self != .all }

    /// The funds of a limited scope, sorted; empty for every fund (the stored form).
    public var listed: [FundCode] {
        switch self {
        case .all: []
        case .only(let funds): funds.sorted()
        }
    }

    /// The funds as people read them: `PARK, BINS`, or `all` for every fund.
    public var description: String {
        isLimited ? listed.map(\.rawValue).joined(separator: ", ") : "all"
    }

    public var visibility: FundVisibility { FundVisibility(self) }
}
