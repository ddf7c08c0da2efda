/// The ways in a fund or a method of payment may be paid through, as an income officer configures them:
/// coarser than ``Channel`` (the phone covers staff-taken and automated payments).
public enum PaymentRoute: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The payer on a web page (IMS's own or a council service's through the API).
    case online
    /// By telephone: staff taking the card (MOTO) or the automated line (ATP).
    case phone
    /// Face to face at a counter's till.
    case counter
    /// Cash and cheques a department returns.
    case department
    /// Third-party and bank files (allpay, PayPoint, Post Office, bank statements).
    case file

    /// The route a channel's payments come by; `nil` for history and staff corrections, which no route limits.
    public init?(_ channel: Channel) {
        switch channel {
        case .online: self = .online
        case .moto, .atp: self = .phone
        case .counter: self = .counter
        case .department: self = .department
        case .file: self = .file
        case .migration, .staff: return nil
        }
    }

    public static func < (lhs: PaymentRoute, rhs: PaymentRoute) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// In words, for messages: `online`, `by phone`, `at a counter`…
    public var phrase: String {
        switch self {
        case .online: "online"
        case .phone: "by phone"
        case .counter: "at a counter"
        case .department: "through a department's return"
        case .file: "by file"
        }
    }
}
