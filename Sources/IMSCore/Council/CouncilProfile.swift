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

    public init(profile: CouncilProfile, vatCodes: [VATCode], funds: [Fund], methodsOfPayment: [MethodOfPayment], offices: [Office]) {
        self.profile = profile
        self.vatCodes = vatCodes
        self.funds = funds
        self.methodsOfPayment = methodsOfPayment
        self.offices = offices
    }

    public var vatCodesByCode: [String: VATCode] { Dictionary(uniqueKeysWithValues: vatCodes.map { ($0.code, $0) }) }

    public func fund(_ code: FundCode) -> Fund? { funds.first { $0.code == code } }
    public func methodOfPayment(_ code: String) -> MethodOfPayment? { methodsOfPayment.first { $0.code == code } }
}
