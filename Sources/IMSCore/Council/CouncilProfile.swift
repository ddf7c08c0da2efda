/// Who the council is, for pages and VAT receipts: name, address, VAT registration, branding.
public struct CouncilProfile: Hashable, Sendable, Codable {
    public var name: String
    public var address: [String]
    public var vatRegistrationNumber: String
    /// A URL (absolute, or a path under this IMS) of the logo shown on public pages.
    public var logoURL: String?
    /// The brand colour as `#rrggbb`.
    public var brandColour: String

    public init(name: String, address: [String], vatRegistrationNumber: String, logoURL: String? = nil, brandColour: String = "#1d70b8") {
        self.name = name
        self.address = address
        self.vatRegistrationNumber = vatRegistrationNumber
        self.logoURL = logoURL
        self.brandColour = brandColour
    }
}

/// The reference data of a council's configuration: what everything else is checked against.
public struct CouncilConfiguration: Hashable, Sendable {
    public var profile: CouncilProfile
    public var vatCodes: [VATCode]
    public var funds: [Fund]
    public var methodsOfPayment: [MethodOfPayment]
    public var offices: [Office]
    public var fundGroups: [FundGroup]
    public var systemMessages: [SystemMessage]

    public init(
        profile: CouncilProfile, vatCodes: [VATCode], funds: [Fund], methodsOfPayment: [MethodOfPayment], offices: [Office],
        fundGroups: [FundGroup] = [], systemMessages: [SystemMessage] = []
    ) {
        self.profile = profile
        self.vatCodes = vatCodes
        self.funds = funds
        self.methodsOfPayment = methodsOfPayment
        self.offices = offices
        self.fundGroups = fundGroups
        self.systemMessages = systemMessages
    }

    /// The codes with their latest rates (for how a supply is treated); postings resolve the rate at their
    /// tax point with ``VATCode/inForce(at:)``.
    public var vatCodesByCode: [String: VATCode] { Dictionary(vatCodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }) }

    public func fund(_ code: FundCode) -> Fund? { funds.first { $0.code == code } }
    public func methodOfPayment(_ code: String) -> MethodOfPayment? { methodsOfPayment.first { $0.code == code } }

    /// Whether the council can take a payment: at least one fund that is not suspense and not retired,
    /// and the card method online payments post through.
    public var isReadyForPayments: Bool {
        funds.contains { !$0.isSuspense && !$0.isRetired } && methodOfPayment(MethodOfPayment.cardCode).map { !$0.isRetired } == true
    }

    /// The messages shown at `placement` now.
    public func messages(at placement: SystemMessage.Placement) -> [SystemMessage] {
        systemMessages.filter { $0.placement == placement && !$0.isRetired }
    }

    /// The funds each directory group is limited to, from the fund groups in force.
    public var fundsByDirectoryGroup: [String: Set<FundCode>] {
        var result: [String: Set<FundCode>] = [:]
        for group in fundGroups where !group.isRetired {
            for directoryGroup in group.directoryGroups { result[directoryGroup.lowercased(), default: []].formUnion(group.funds) }
        }
        return result
    }
}
