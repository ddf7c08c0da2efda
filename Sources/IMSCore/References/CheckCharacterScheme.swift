/// How a reference's check character is computed from the rest of it. There is no national standard,
/// so schemes are configuration: a weighted-sum modulus (with substitutions), the Luhn algorithm, or the
/// library-card (Dynix, Codabar) scheme.
public enum CheckCharacterScheme: Hashable, Sendable, Codable {
    /// Luhn (ISO/IEC 7812-1): double every second digit from the right of the payload, fold, sum;
    /// the check digit brings the total to a multiple of 10.
    case luhn
    /// Library cards and items (Dynix and other Codabar 14-digit barcodes): double the digits in odd
    /// positions counted from the left (1st, 3rd…), take 9 from any product of 10 or more, add the
    /// even-position digits; the check digit is (10 − total mod 10) mod 10. It differs from Luhn when the
    /// payload has an even number of digits.
    case dynix
    case weightedModulus(WeightedModulus)

    /// The check character expected after `payload`, or `nil` when the payload cannot carry one
    /// (a character with no value, or a result with no character).
    public func checkCharacter(for payload: [Character]) -> Character? {
        switch self {
        case .luhn: Self.luhnCheckDigit(payload)
        case .dynix: Self.dynixCheckDigit(payload)
        case .weightedModulus(let scheme): scheme.checkCharacter(for: payload)
        }
    }

    static func luhnCheckDigit(_ payload: [Character]) -> Character? {
        var sum = 0
        for (offset, character) in payload.reversed().enumerated() {
            guard let digit = character.wholeNumberValue, character.isASCIIDigitCharacter else { return nil }
            if offset % 2 == 0 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return Character(String((10 - sum % 10) % 10))
    }

    static func dynixCheckDigit(_ payload: [Character]) -> Character? {
        var sum = 0
        for (offset, character) in payload.enumerated() {
            guard let digit = character.wholeNumberValue, character.isASCIIDigitCharacter else { return nil }
            if offset % 2 == 0 {
                let doubled = digit * 2
                sum += doubled >= 10 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return Character(String((10 - sum % 10) % 10))
    }

    /// The scheme's name for officers: `Luhn`, `library card (Dynix)`, `modulus 11 (weights 9 8 7 …)`.
    public var explanation: String {
        switch self {
        case .luhn: "Luhn"
        case .dynix: "library card (Dynix)"
        case .weightedModulus(let scheme):
            "modulus \(scheme.modulus) (weights \(scheme.weights.map(String.init).joined(separator: " ")))\(scheme.subtractFromModulus ? ", subtracted" : "")"
        }
    }

    /// Whether a whole digit string (payload then check digit) passes Luhn; used to spot card numbers.
    public static func passesLuhn(_ digits: some StringProtocol) -> Bool {
        let characters = Array(digits)
        guard characters.count >= 2, let check = characters.last else { return false }
        return luhnCheckDigit(Array(characters.dropLast())) == check
    }
}

/// A weighted-sum modulus check: each payload character's value (digits are themselves, other characters
/// through `characterValues`) times its weight, summed, remainder modulo `modulus`, optionally subtracted
/// from the modulus, then mapped to a character (`resultCharacters`, otherwise the digit 0–9).
public struct WeightedModulus: Hashable, Sendable, Codable {
    /// Weights for the payload, aligned to its right-hand end (or its left-hand end with `weightsFromLeft`);
    /// payload characters beyond the weights do not count.
    public var weights: [Int]
    /// Whether the first weight applies to the payload's first character rather than the weights ending at its last.
    public var weightsFromLeft: Bool
    public var modulus: Int
    /// Whether the check value is `modulus − remainder` rather than the remainder.
    public var subtractFromModulus: Bool
    /// Values for characters other than digits, e.g. `["A": 1, "B": 2]`, for references with letters.
    public var characterValues: [String: Int]
    /// Characters for check values that are not a single digit, e.g. `[10: "X", 11: "0"]`.
    public var resultCharacters: [Int: String]

    public init(
        weights: [Int], modulus: Int, subtractFromModulus: Bool, characterValues: [String: Int] = [:], resultCharacters: [Int: String] = [:],
        weightsFromLeft: Bool = false
    ) {
        self.weights = weights
        self.weightsFromLeft = weightsFromLeft
        self.modulus = modulus
        self.subtractFromModulus = subtractFromModulus
        self.characterValues = characterValues
        self.resultCharacters = resultCharacters
    }

    public func checkCharacter(for payload: [Character]) -> Character? {
        guard modulus > 1, payload.count >= weights.count else { return nil }
        let weighted = weightsFromLeft ? Array(payload.prefix(weights.count)) : Array(payload.suffix(weights.count))
        var sum = 0
        for (character, weight) in zip(weighted, weights) {
            guard let value = value(of: character) else { return nil }
            sum += value * weight
        }
        let remainder = sum % modulus
        let result = subtractFromModulus ? modulus - remainder : remainder
        if let mapped = resultCharacters[result] { return mapped.count == 1 ? mapped.first : nil }
        guard (0...9).contains(result) else { return nil }
        return Character(String(result))
    }

    private func value(of character: Character) -> Int? {
        if let substituted = characterValues[String(character)] { return substituted }
        return character.isASCIIDigitCharacter ? character.wholeNumberValue : nil
    }
}

extension WeightedModulus {
    private enum CodingKeys: String, CodingKey {
        case weights, modulus, subtractFromModulus, characterValues, resultCharacters, weightsFromLeft
    }

    /// Reads schemes stored before `weightsFromLeft` existed as right-aligned.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            weights: try container.decode([Int].self, forKey: .weights), modulus: try container.decode(Int.self, forKey: .modulus),
            subtractFromModulus: try container.decode(Bool.self, forKey: .subtractFromModulus),
            characterValues: try container.decodeIfPresent([String: Int].self, forKey: .characterValues) ?? [:],
            resultCharacters: try container.decodeIfPresent([Int: String].self, forKey: .resultCharacters) ?? [:],
            weightsFromLeft: try container.decodeIfPresent(Bool.self, forKey: .weightsFromLeft) ?? false)
    }
}
