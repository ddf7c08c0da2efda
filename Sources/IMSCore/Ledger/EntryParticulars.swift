/// Who paid: one value for a payment, a ledger entry, a search record, a receipt and the API. A full VAT
/// invoice needs the name and address; a simplified one neither.
public struct PayerDetails: Hashable, Sendable, Codable {
    public var name: String?
    public var address: String?
    /// As given; search records keep it normalised (`Postcode.normalise`).
    public var postcode: String?

    public init(name: String? = nil, address: String? = nil, postcode: String? = nil) {
        self.name = name
        self.address = address
        self.postcode = postcode
    }
}

/// All IMS ever knows of a card, and all PCI DSS lets it keep: the brand, the last 4 digits and the expiry,
/// as the provider or the card terminal reports them; never the number. One value for a payment, a ledger
/// entry, a search record and the API.
public struct CardSummary: Hashable, Sendable, Codable {
    /// As the provider names it: `Visa`, `Mastercard`, `American Express`…
    public var brand: String?
    /// Exactly 4 digits when known (checked by `EntryContent.validate` and the provider's mapping).
    public var lastFourDigits: String?
    /// `MM/YY`, when the provider gives it (a payment keeps it; the ledger does not).
    public var expiry: String?

    public init(brand: String? = nil, lastFourDigits: String? = nil) {
        self.brand = brand
        self.lastFourDigits = lastFourDigits
    }

    /// A card as a payment provider reports it, checked: a brand name (no digits), exactly four last digits
    /// and an expiry of `MM/YY` when given. Anything else is the provider's malformed answer.
    public init(brand: String, lastFourDigits: String, expiry: String?) throws(IMSError) {
        let brand = brand.trimmingWhitespace()
        guard brand.count <= 40, !brand.contains(where: \.isASCIIDigitCharacter) else {
            throw IMSError(.unavailable, .providerMalformedResponse, "The provider's card brand is not a brand name")
        }
        guard lastFourDigits.count == 4, lastFourDigits.allSatisfy(\.isASCIIDigitCharacter) else {
            throw IMSError(.unavailable, .providerMalformedResponse, "The provider's last card digits are not 4 digits")
        }
        if let expiry, !Self.isExpiry(expiry) {
            throw IMSError(.unavailable, .providerMalformedResponse, "The provider's card expiry is not MM/YY")
        }
        self.brand = brand
        self.lastFourDigits = lastFourDigits
        self.expiry = expiry
    }

    /// `MM/YY` with a month from 01 to 12.
    public static func isExpiry(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 5, characters[2] == "/",
            characters.enumerated().allSatisfy({ $0.offset == 2 || $0.element.isASCIIDigitCharacter }),
            let month = Int(String(characters[0...1]))
        else { return false }
        return (1...12).contains(month)
    }

    /// The card without its expiry: what a ledger entry and a search record keep.
    public var withoutExpiry: CardSummary { CardSummary(brand: brand, lastFourDigits: lastFourDigits) }
}

/// How and where money came in: the channel, the office, the method of payment and (at a counter) the
/// till. One value for a ledger entry, a search record and the API. Kept as text, since migrated history
/// carries the old system's own words.
public struct Origin: Hashable, Sendable, Codable {
    /// `online`, `moto`, `atp`, `counter`, `department`, `file`, `migration`, `staff` (`Channel`) for IMS's
    /// own entries.
    public var channel: String?
    public var office: String?
    /// The method of payment's code (`CARD`, `CASH`, `CHQ`…).
    public var methodOfPayment: String?
    public var till: String?

    public init(channel: String? = nil, office: String? = nil, methodOfPayment: String? = nil, till: String? = nil) {
        self.channel = channel
        self.office = office
        self.methodOfPayment = methodOfPayment
        self.till = till
    }
}
