/// What a receipt says, once, for every way it is shown: the payer's page, a PDF, a till slip, a credit note.
/// Which form it takes follows the VAT Regulations 1995: with no VAT charged (council tax, fines, most council
/// income) it is a plain receipt, never dressed as a VAT invoice; with VAT charged it is a simplified invoice
/// (reg. 16A) up to £250 including VAT, and a full VAT invoice (reg. 14) above; a refund is a credit note
/// referring to the original receipt. A re-issue is marked as a copy so that nobody reclaims VAT twice.
/// Built by ``init(entry:configuration:isCopy:issuedAt:)`` from the ledger entry: its VAT is what was
/// recorded, at the rate of the day, never worked out again.
public struct Receipt: Hashable, Sendable {
    /// Which document this is.
    public enum Form: String, Sendable, Hashable, CaseIterable {
        /// No line charges VAT: a receipt, not a VAT invoice.
        case receipt
        /// VAT charged, total up to £250 including VAT: each rate's gross amount and rate (reg. 16A).
        case simplifiedInvoice = "simplified_invoice"
        /// VAT charged, total over £250: the customer, and per line the quantity, unit price, rate and amount
        /// excluding VAT, with the total VAT in sterling (reg. 14).
        case fullInvoice = "full_invoice"
        /// Money given back: refers to the original receipt.
        case creditNote = "credit_note"
    }

    /// The council, as the supplier on every VAT invoice.
    public struct Supplier: Hashable, Sendable {
        public let name: String
        public let address: [String]
        public let vatRegistrationNumber: String

        public init(name: String, address: [String], vatRegistrationNumber: String) {
            self.name = name
            self.address = address
            self.vatRegistrationNumber = vatRegistrationNumber
        }
    }

    /// The payer, as the entry recorded them; a full invoice needs their name and address.
    public struct Customer: Hashable, Sendable {
        public let name: String
        public let address: String?
        public let postcode: String?

        public init(name: String, address: String?, postcode: String?) {
            self.name = name
            self.address = address
            self.postcode = postcode
        }
    }

    /// One item: what it was for, and its amounts in pence. On a credit note the amounts are what is given
    /// back, so every amount on a receipt is positive.
    public struct Line: Hashable, Sendable {
        /// The fund's name (its code when the fund has gone since).
        public let description: String
        public let fundCode: String
        public let reference: String
        public let narrative: String?
        /// IMS records one line per item, so one.
        public let quantity: Int
        /// Including VAT.
        public let gross: Money
        public let vat: Money
        public let vatCode: String?
        public let treatment: VATTreatment
        /// The rate the line was charged at when it was recorded (2000 is 20%); zero where VAT is not charged.
        public let rateBasisPoints: Int64

        public var net: Money { gross - vat }
        /// The unit price excluding VAT that a full invoice shows.
        public var unitPriceExcludingVAT: Money { net }
        public var chargesVAT: Bool { treatment.chargesVAT }
        /// Zero-rated supplies are taxable at 0%; exempt and outside-scope ones have no rate at all.
        public var hasRate: Bool { chargesVAT || treatment == .zero }
        /// `20%`, `5%`, `0%`.
        public var rateText: String { VATCode(code: vatCode ?? "", name: "", treatment: treatment, rateBasisPoints: rateBasisPoints).rateText }
    }

    /// The gross, VAT and net of the lines at one rate.
    public struct RateTotal: Hashable, Sendable {
        public let rateBasisPoints: Int64
        public let rateText: String
        public let gross: Money
        public let vat: Money
        public var net: Money { gross - vat }
    }

    /// The largest total, including VAT, that a simplified invoice may show (reg. 16A).
    public static let simplifiedInvoiceLimit = Money.pounds(250)

    public let form: Form
    /// A re-issue, marked so that it cannot be used to reclaim VAT a second time.
    public let isCopy: Bool
    /// The unique, sequential number: the entry's (`R00001234`).
    public let receiptNumber: String
    public let entryID: Int64
    /// The credit note's original receipt.
    public let originalReceiptNumber: String?
    /// The time of supply: when the payment (or refund) happened.
    public let taxPoint: Timestamp
    /// The date of issue: when the entry was recorded, or when a copy was re-issued.
    public let issuedAt: Timestamp
    /// The payment's own reference (an online payment's id).
    public let paymentReference: String?
    /// The provider's id for the payment or refund.
    public let providerReference: String?
    /// The method of payment's name, where the council still has it.
    public let methodOfPayment: String?
    public let card: CardSummary?
    public let supplier: Supplier
    public let customer: Customer?
    public let lines: [Line]

    public var total: Money { lines.map(\.gross).sum() }
    public var totalVAT: Money { lines.map(\.vat).sum() }
    public var totalNet: Money { total - totalVAT }
    public var chargesVAT: Bool { lines.contains(where: \.chargesVAT) }

    /// Gross and VAT for each rate charged (standard and reduced), highest first: the lines' own rounded
    /// VAT added up, never VAT worked out on a total.
    public var vatByRate: [RateTotal] { rateTotals(of: lines.filter(\.chargesVAT)) }

    /// As ``vatByRate``, with zero-rated lines at 0% too: every rate a line was supplied at.
    public var totalsByRate: [RateTotal] { rateTotals(of: lines.filter(\.hasRate)) }

    private func rateTotals(of lines: [Line]) -> [RateTotal] {
        let byRate = Dictionary(grouping: lines, by: \.rateBasisPoints)
        return byRate.keys.sorted(by: >).map { rate in
            let group = byRate[rate] ?? []
            return RateTotal(
                rateBasisPoints: rate, rateText: group.first?.rateText ?? "", gross: group.map(\.gross).sum(), vat: group.map(\.vat).sum())
        }
    }

    /// Which form a document with `lines` takes when it is not a credit note.
    public static func form(chargesVAT: Bool, total: Money) -> Form {
        guard chargesVAT else { return .receipt }
        return total > simplifiedInvoiceLimit ? .fullInvoice : .simplifiedInvoice
    }
}
