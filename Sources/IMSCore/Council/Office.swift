/// A council office where money is taken (`TOWNHALL`, `CONTACT`, `WEB`, `ATP`), with its address (for till
/// slips and receipts) and the tills its counters use.
public struct Office: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var address: [String]
    /// The tills of this office's counters, by their codes (`T1`, `T2`).
    public var tills: [String]
    /// Retired offices take no new sessions; their history stays.
    public var isRetired: Bool

    public init(code: String, name: String, address: [String] = [], tills: [String] = [], isRetired: Bool = false) {
        self.code = code
        self.name = name
        self.address = address
        self.tills = tills
        self.isRetired = isRetired
    }
}

/// A named set of funds that a directory group limits its members to (e.g. the parking team sees only
/// parking): what `IMS_FUND_SCOPE_MAP` says, kept as configuration that administrators change on a screen.
public struct FundGroup: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var funds: [FundCode]
    /// The directory groups (as the sign-in's groups claim names them) limited to these funds.
    public var directoryGroups: [String]
    public var isRetired: Bool

    public init(code: String, name: String, funds: [FundCode], directoryGroups: [String] = [], isRetired: Bool = false) {
        self.code = code
        self.name = name
        self.funds = funds
        self.directoryGroups = directoryGroups
        self.isRetired = isRetired
    }
}

/// A message the council shows: a banner on the public pages (an outage, a holiday closure), a notice on
/// the staff screens, or a line printed on receipts.
public struct SystemMessage: Hashable, Sendable, Codable {
    public enum Placement: String, Hashable, Sendable, Codable, CaseIterable {
        case publicPages = "public"
        case staffScreens = "staff"
        case receipts = "receipt"
    }

    public var code: String
    public var placement: Placement
    public var text: String
    /// The Welsh text, shown on the Welsh pages when given.
    public var welshText: String?
    public var isRetired: Bool

    public init(code: String, placement: Placement, text: String, welshText: String? = nil, isRetired: Bool = false) {
        self.code = code
        self.placement = placement
        self.text = text
        self.welshText = welshText
        self.isRetired = isRetired
    }
}
