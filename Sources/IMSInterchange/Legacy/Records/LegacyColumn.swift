/// The columns of a legacy income file, by their IMS names. A file may have them in any order; a mapping
/// file renames a legacy system's own headers to these.
public enum LegacyColumn: String, CaseIterable, Hashable, Sendable, Codable {
    case receiptReference = "receipt_reference"
    case transactionDate = "transaction_date"
    case fundCode = "fund_code"
    case accountReference = "account_reference"
    case amount
    case vatCode = "vat_code"
    case vatAmount = "vat_amount"
    case methodOfPayment = "method_of_payment"
    case narrative
    case payerName = "payer_name"
    case address
    case postcode
    case office
    case user
    case pspReference = "psp_reference"
    case cardLast4 = "card_last4"
    /// On refunds: the receipt reference of the payment refunded.
    case originalReceiptReference = "original_receipt_reference"

    /// The columns a file must have: without them a row cannot become income.
    public static let required: [LegacyColumn] = [.receiptReference, .transactionDate, .fundCode, .accountReference, .amount]
}
