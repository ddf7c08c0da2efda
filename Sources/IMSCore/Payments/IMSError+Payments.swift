/// The refusals of an online payment's basket and of reading a payment, as a council service's code
/// compares them (the OpenAPI document lists them for `POST /api/v1/payments`).
extension IMSError.Code {
    /// No such payment, or not one the caller may see (kind `.notFound`).
    public static let paymentNotFound = Self("payment.not_found")
    /// A basket of no lines or more than ``PaymentBasket/maximumItems``.
    public static let paymentBasketSize = Self("payment.basket_size")
    /// `return_url` is not an absolute http(s) address (``WebAddress``), or not https where https is required.
    public static let paymentReturnURL = Self("payment.return_url")
    /// A text field longer than the provider takes.
    public static let paymentTextTooLong = Self("payment.text_too_long")
    /// A text field holding `<`, `>` or `|`, which GOV.UK Pay refuses.
    public static let paymentTextRefusedCharacter = Self("payment.text_refused_character")
    /// `email` is not an email address.
    public static let paymentEmail = Self("payment.email")
    /// Too many metadata pairs, or a key or value of the wrong length.
    public static let paymentMetadata = Self("payment.metadata")
    /// `language` is neither `en` nor `cy`.
    public static let paymentLanguage = Self("payment.language")
}
