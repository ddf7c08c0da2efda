import Foundation

/// Which characters a reference may contain.
public struct ReferenceCharacters: Hashable, Sendable, Codable {
    public var digits: Bool
    public var letters: Bool
    /// Other characters allowed as well, e.g. `/-`.
    public var others: String

    public init(digits: Bool, letters: Bool, others: String = "") {
        self.digits = digits
        self.letters = letters
        self.others = others
    }

    public static let digitsOnly = ReferenceCharacters(digits: true, letters: false)
    public static let lettersAndDigits = ReferenceCharacters(digits: true, letters: true)

    func allows(_ character: Character) -> Bool {
        (digits && character.isASCIIDigitCharacter) || (letters && character.isASCIILetterCharacter) || others.contains(character)
    }

    /// `only numbers`, `only letters, numbers and the characters / -`.
    var explanation: String {
        var kinds: [String] = []
        if letters { kinds.append("letters") }
        if digits { kinds.append("numbers") }
        let base = kinds.joined(separator: " and ")
        guard !others.isEmpty else { return "only \(base)" }
        let spaced = others.map(String.init).joined(separator: " ")
        return "only \(kinds.joined(separator: ", ")) and the characters \(spaced)"
    }
}

/// One accepted shape of reference. Every part is optional; those given must all hold.
public struct ReferenceFormat: Hashable, Sendable, Codable {
    /// A name for officers, e.g. "new format (2024)".
    public var name: String?
    public var minimumLength: Int?
    public var maximumLength: Int?
    public var characters: ReferenceCharacters?
    /// A regular expression the whole normalised reference must match.
    public var pattern: String?
    public var mask: ReferenceMask?
    public var checkCharacter: CheckCharacterScheme?
    /// An example of a valid reference, shown to payers.
    public var example: String?

    public init(
        name: String? = nil, minimumLength: Int? = nil, maximumLength: Int? = nil, characters: ReferenceCharacters? = nil,
        pattern: String? = nil, mask: ReferenceMask? = nil, checkCharacter: CheckCharacterScheme? = nil, example: String? = nil
    ) {
        self.name = name
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.characters = characters
        self.pattern = pattern
        self.mask = mask
        self.checkCharacter = checkCharacter
        self.example = example
    }

    /// The stages a reference passes through, in order; a failure later in the list is a nearer miss.
    enum Stage: Int, Comparable {
        case length, characters, pattern, mask, checkCharacter
        static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Failure {
        let stage: Stage
        let error: IMSError
    }

    /// Checks a normalised, non-empty reference; returns the failure, or `nil` when it passes.
    func failure(for reference: String) -> Failure? {
        let exampleText = example.map { ", for example \($0)" } ?? ""
        if let lengthFailure = lengthFailure(reference.count, exampleText) { return lengthFailure }
        if let characters, !reference.allSatisfy(characters.allows) {
            return Failure(stage: .characters, error: .validation(.referenceCharacters, "Your reference must contain \(characters.explanation)"))
        }
        if let pattern {
            let matches =
                CompiledPatterns.whole(pattern).map {
                    $0.firstMatch(in: reference, range: NSRange(reference.startIndex..., in: reference)) != nil
                } ?? false
            if !matches {
                return Failure(stage: .pattern, error: .validation(.referencePattern, "Your reference is not in the right format\(exampleText)"))
            }
        }
        if let mask, !mask.matches(reference) {
            return Failure(stage: .mask, error: .validation(.referenceMask, "Your reference must be \(mask.explanation)\(exampleText)"))
        }
        if let checkCharacter, !passes(checkCharacter, reference) {
            return Failure(
                stage: .checkCharacter,
                error: .validation(
                    .referenceCheckCharacter, "Your reference is not valid. Check you have typed it exactly as it appears on your bill"))
        }
        return nil
    }

    private func lengthFailure(_ length: Int, _ exampleText: String) -> Failure? {
        let minimum = minimumLength ?? mask?.pattern.count ?? 0
        let maximum = maximumLength ?? mask?.pattern.count ?? Int.max
        guard length < minimum || length > maximum else { return nil }
        let reason: String
        if minimum == maximum {
            reason = "Your reference must be \(minimum) characters long\(exampleText)"
        } else if maximum == Int.max {
            reason = "Your reference must be at least \(minimum) characters long\(exampleText)"
        } else {
            reason = "Your reference must be between \(minimum) and \(maximum) characters long\(exampleText)"
        }
        return Failure(stage: .length, error: .validation(.referenceLength, reason))
    }

    /// The check character sits at the mask's `@`, or last when there is no mask; the payload is the mask's
    /// variable positions, or every character before the check character.
    private func passes(_ scheme: CheckCharacterScheme, _ reference: String) -> Bool {
        let characters = Array(reference)
        guard !characters.isEmpty else { return false }
        let checkOffset = mask?.checkCharacterOffset ?? characters.count - 1
        let payload: [Character]
        if let mask {
            payload = mask.variableOffsets.filter { $0 < checkOffset }.map { characters[$0] }
        } else {
            payload = Array(characters[..<checkOffset])
        }
        return scheme.checkCharacter(for: payload) == characters[checkOffset]
    }
}

/// A fund's reference rule: one or more formats, any of which may pass, so that an old and a new format
/// can both be accepted after a migration. Validation normalises first and returns the normalised form.
public struct ReferenceValidator: Hashable, Sendable, Codable {
    public var formats: [ReferenceFormat]
    /// Help shown beside the reference field, e.g. "9 digits, starting 77, on the front of your bill".
    public var hint: String?

    public init(formats: [ReferenceFormat], hint: String? = nil) {
        self.formats = formats
        self.hint = hint
    }

    public init(_ format: ReferenceFormat, hint: String? = nil) {
        self.init(formats: [format], hint: hint)
    }

    /// Any non-empty reference is accepted (up to 50 characters).
    public static let anyReference = ReferenceValidator(ReferenceFormat(minimumLength: 1, maximumLength: 50))

    /// Normalises `text` and checks it; throws the failure of the format it came nearest to passing.
    public func validate(_ text: String) throws(IMSError) -> AccountReference {
        let reference = AccountReference(normalising: text)
        guard !reference.value.isEmpty else {
            throw .validation(.referenceMissing, "Enter your reference")
        }
        var nearest: ReferenceFormat.Failure?
        for format in formats {
            guard let failure = format.failure(for: reference.value) else { return reference }
            if nearest == nil || failure.stage > nearest!.stage { nearest = failure }
        }
        if let nearest { throw nearest.error }
        return reference
    }

    /// Checks that the rule itself is usable (patterns compile, weights and moduli make sense), for
    /// administrators configuring funds.
    public func checkConfiguration() throws(IMSError) {
        for format in formats {
            if let pattern = format.pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
                throw .validation(.validatorInvalid, "The pattern \(pattern) is not a valid regular expression")
            }
            if case .weightedModulus(let scheme) = format.checkCharacter, scheme.modulus < 2 || scheme.weights.isEmpty {
                throw .validation(.validatorInvalid, "A weighted modulus check needs weights and a modulus of at least 2")
            }
            if let minimum = format.minimumLength, let maximum = format.maximumLength, minimum > maximum {
                throw .validation(.validatorInvalid, "The minimum length is more than the maximum length")
            }
        }
    }
}

/// Reference patterns compiled once each (a file of accounts or history checks the same pattern a million
/// times); `NSRegularExpression` is immutable and safe to share between threads.
enum CompiledPatterns {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: NSRegularExpression] = [:]

    /// `pattern` anchored to match a whole reference, or nil when it is not a regular expression.
    static func whole(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let compiled = cache[pattern] { return compiled }
        guard let compiled = try? NSRegularExpression(pattern: "^(?:\(pattern))$") else { return nil }
        if cache.count > 1_000 { cache.removeAll() }
        cache[pattern] = compiled
        return compiled
    }
}
