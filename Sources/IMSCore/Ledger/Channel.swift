/// How money reached the council, as recorded on every payment and entry.
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
    /// The payer on a web page (a council service's or IMS's own).
    case online
    /// Card details taken by staff over the phone (mail order / telephone order).
    case moto
    /// The automated telephone line (IVR).
    case atp
    /// Face to face, at a counter's till.
    case counter
    /// Cash and cheques returned by a department.
    case department
    /// A third party's or the bank's file.
    case file
    /// History brought over from the old system.
    case migration
    /// Staff correcting the ledger: refunds, journals, transfers.
    case staff

    /// The office an online or telephone payment is booked to: the web, the contact centre, the phone line.
    public var remoteOffice: String? {
        switch self {
        case .online: "WEB"
        case .moto: "CONTACT"
        case .atp: "ATP"
        default: nil
        }
    }
}

extension MethodOfPayment {
    /// The code of the card method, which online and telephone payments use.
    public static let cardCode = "CARD"
    /// The code of the journal pseudo-method on staff corrections.
    public static let journalCode = "JNL"
}
