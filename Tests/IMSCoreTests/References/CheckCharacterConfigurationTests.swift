import Foundation
import IMSCore
import Testing

/// The schemes a council configures (issue 12), each against arithmetic written out here independently and
/// against published numbers.
@Suite("Check-character schemes as configured")
struct CheckCharacterConfigurationTests {
    /// Dynix (Codabar library barcodes), written from its description: positions 1, 3, 5… (from the left, of the
    /// 13-digit payload) doubled, 9 taken from products over 9, the rest added; check = (10 − sum mod 10) mod 10.
    static func dynixByHand(_ payload: String) -> Character {
        let digits = payload.compactMap(\.wholeNumberValue)
        var total = 0
        for position in 1...digits.count {
            let digit = digits[position - 1]
            total += position % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
        }
        return Character(String((10 - total % 10) % 10))
    }

    @Test("Dynix library cards: published barcodes pass and one changed digit fails", arguments: ["33191000105864", "30234000517861"])
    func dynixPublished(barcode: String) {
        let payload = Array(barcode.dropLast())
        #expect(CheckCharacterScheme.dynix.checkCharacter(for: payload) == barcode.last)
        var changed = payload
        changed[5] = changed[5] == "9" ? "0" : Character(String(changed[5].wholeNumberValue! + 1))
        #expect(CheckCharacterScheme.dynix.checkCharacter(for: changed) != barcode.last)
    }

    @Test("Dynix agrees with arithmetic by hand on a thousand payloads, and differs from Luhn on even-length ones")
    func dynixAgreement() {
        var state: UInt64 = 12_345
        var differsFromLuhn = false
        for _ in 0..<1_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let payload = String(String(state % 10_000_000_000_000).reversed()).padding(toLength: 13, withPad: "0", startingAt: 0)
            #expect(CheckCharacterScheme.dynix.checkCharacter(for: Array(payload)) == Self.dynixByHand(payload), "payload \(payload)")
            let even = String(payload.dropFirst())
            if CheckCharacterScheme.dynix.checkCharacter(for: Array(even)) != CheckCharacterScheme.luhn.checkCharacter(for: Array(even)) {
                differsFromLuhn = true
            }
        }
        #expect(differsFromLuhn)
    }

    /// ISBN-10 as a weighted modulus 11 configured as a council would: weights 10…2 from the left, subtracted
    /// from 11, 10 written X and 11 written 0.
    static let isbn10 = WeightedModulus(
        weights: [10, 9, 8, 7, 6, 5, 4, 3, 2], modulus: 11, subtractFromModulus: true, resultCharacters: [10: "X", 11: "0"], weightsFromLeft: true)

    static func isbnByHand(_ payload: String) -> Character {
        let digits = payload.compactMap(\.wholeNumberValue)
        let sum = zip(digits, stride(from: 10, through: 2, by: -1)).map { $0 * $1 }.reduce(0, +)
        let check = (11 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    @Test("A weighted modulus 11 with substitutions: published ISBN-10s pass", arguments: ["0306406152", "080442957X", "0198526636", "0000000000"])
    func isbnPublished(isbn: String) {
        #expect(WeightedModulus.isbn10Check(isbn) == isbn.last)
        #expect(Self.isbnByHand(String(isbn.dropLast())) == isbn.last)
    }

    @Test("The weighted modulus agrees with arithmetic by hand on a thousand payloads")
    func weightedAgreement() {
        var state: UInt64 = 777
        for _ in 0..<1_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let payload = String(String(state % 1_000_000_000).reversed()).padding(toLength: 9, withPad: "0", startingAt: 0)
            #expect(Self.isbn10.checkCharacter(for: Array(payload)) == Self.isbnByHand(payload), "payload \(payload)")
        }
    }

    @Test("Source character values count letters as the council says (A=10, B=11…)")
    func characterValues() {
        let letters = Dictionary(uniqueKeysWithValues: (0..<26).map { (String(UnicodeScalar(65 + $0)!), 10 + $0) })
        let scheme = WeightedModulus(weights: [3, 1, 7], modulus: 10, subtractFromModulus: true, characterValues: letters, weightsFromLeft: true)
        // A=10, B=11, 5: 10×3 + 11×1 + 5×7 = 76 → 10 − 6 = 4.
        #expect(scheme.checkCharacter(for: Array("AB5")) == "4")
    }
}

extension WeightedModulus {
    /// The check character the configured ISBN-10 scheme gives for an ISBN's first nine digits.
    fileprivate static func isbn10Check(_ isbn: String) -> Character? {
        CheckCharacterConfigurationTests.isbn10.checkCharacter(for: Array(isbn.prefix(9)))
    }
}
