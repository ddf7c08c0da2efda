import IMSCore
import Testing

@Suite("Check-character schemes")
struct CheckCharacterSchemeTests {
    @Test(
        "Luhn passes published card test numbers",
        arguments: [
            "4111111111111111", "5555555555554444", "378282246310005", "4012888888881881", "6011111111111117",
            "4222222222222", "79927398713", "771234564",
        ])
    func luhnPasses(number: String) {
        #expect(Independent.luhnValid(number))
        #expect(CheckCharacterScheme.passesLuhn(number))
    }

    @Test(
        "Luhn fails a number with one digit changed",
        arguments: [
            "4111111111111112", "5555555555554445", "378282246310006", "79927398710", "771234565", "1", "",
        ])
    func luhnFails(number: String) {
        #expect(!CheckCharacterScheme.passesLuhn(number))
    }

    @Test("Luhn refuses non-digits")
    func luhnNonDigits() {
        #expect(!CheckCharacterScheme.passesLuhn("4111-1111-1111-1111"))
        #expect(CheckCharacterScheme.luhn.checkCharacter(for: Array("7712A456")) == nil)
    }

    @Test("Luhn's check digit agrees with independent arithmetic")
    func luhnCheckDigit() {
        var state: UInt64 = 99
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let payload = String(String(state % 100_000_000_000).reversed())
            #expect(
                CheckCharacterScheme.luhn.checkCharacter(for: Array(payload)) == Independent.luhnCheckDigit(payload),
                "payload \(payload)")
        }
        #expect(CheckCharacterScheme.luhn.checkCharacter(for: Array("7992739871")) == "3")
        #expect(CheckCharacterScheme.luhn.checkCharacter(for: Array("77123456")) == "4")
    }

    @Test("business rates modulus 11 agrees with independent arithmetic on every payload it tries")
    func businessRatesAgreement() {
        let scheme = CheckCharacterScheme.weightedModulus(DemoCouncil.businessRatesCheck)
        for number in stride(from: 0, to: 1_000_000, by: 997) {
            let payload = "56" + Independent.digits(number, width: 6)
            #expect(scheme.checkCharacter(for: Array(payload)) == Independent.businessRatesCheck(payload), "payload \(payload)")
        }
        #expect(scheme.checkCharacter(for: Array("56123456")) == "6")
    }

    @Test("weights align to the right-hand end of the payload")
    func weightsAlignRight() {
        let scheme = WeightedModulus(weights: [3, 2], modulus: 10, subtractFromModulus: false)
        // 4×3 + 7×2 = 26 → 6, whatever comes before.
        #expect(scheme.checkCharacter(for: Array("47")) == "6")
        #expect(scheme.checkCharacter(for: Array("9947")) == "6")
        #expect(scheme.checkCharacter(for: Array("7")) == nil)
    }

    @Test("letters count through their configured values, unknown ones make no check character")
    func characterValues() {
        let scheme = WeightedModulus(weights: [3, 2], modulus: 10, subtractFromModulus: false, characterValues: ["A": 1, "B": 2])
        #expect(scheme.checkCharacter(for: Array("A7")) == "7")  // 1×3 + 7×2 = 17
        #expect(scheme.checkCharacter(for: Array("BB")) == "0")  // 2×3 + 2×2 = 10
        #expect(scheme.checkCharacter(for: Array("C7")) == nil)
    }

    @Test("a result that is not one digit needs a mapped character")
    func unmappedResults() {
        // 5×2 = 10, modulus 11, no subtraction: remainder 10 has no character.
        let unmapped = WeightedModulus(weights: [2], modulus: 11, subtractFromModulus: false)
        #expect(unmapped.checkCharacter(for: ["5"]) == nil)
        let mapped = WeightedModulus(weights: [2], modulus: 11, subtractFromModulus: false, resultCharacters: [10: "X"])
        #expect(mapped.checkCharacter(for: ["5"]) == "X")
        let mappedToTwo = WeightedModulus(weights: [2], modulus: 11, subtractFromModulus: false, resultCharacters: [10: "XY"])
        #expect(mappedToTwo.checkCharacter(for: ["5"]) == nil)
        #expect(WeightedModulus(weights: [2], modulus: 1, subtractFromModulus: false).checkCharacter(for: ["5"]) == nil)
    }
}
