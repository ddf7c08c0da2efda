import IMSCore
import Testing

@testable import IMSWeb

@Suite("Set-up form reader")
struct SetupFormReaderTests {
    @Test(
        "Percentages are read as whole basis points, without floating point",
        arguments: [("20", 2000), ("17.5", 1750), ("1.25", 125), ("0", 0), ("100", 10_000), ("12.5%", 1250), (" 5 ", 500)] as [(String, Int64)])
    func percentages(text: String, basisPoints: Int64) {
        var reader = SetupFormReader(FormData(fields: ["rate": text]))
        #expect(reader.percentage("rate") == basisPoints)
        #expect(reader.errors.isEmpty)
    }

    @Test("A percentage that is not one is refused on its field", arguments: ["100.01", "101", "1.234", "-5", "twenty", "1.", ".5", "1,5"])
    func badPercentages(text: String) {
        var reader = SetupFormReader(FormData(fields: ["rate": text]))
        #expect(reader.percentage("rate") == nil)
        #expect(reader.errors.map(\.field) == ["rate"])
    }

    @Test("Money is pounds and pence read into pence; a negative amount or a fraction of a penny is refused")
    func money() {
        var reader = SetupFormReader(FormData(fields: ["a": "£1,234.56", "b": "", "c": "-1", "d": "0.125"]))
        #expect(reader.money("a") == Money(pence: 123_456))
        #expect(reader.money("b") == nil)
        _ = reader.money("c")
        _ = reader.money("d")
        #expect(reader.errors.map(\.field) == ["c", "d"])
    }

    @Test("Every problem of a form is collected, each on its field, before anything is refused")
    func collectsEveryProblem() throws {
        var reader = SetupFormReader(FormData(fields: ["code": "no spaces", "name": "", "format1_name": "x", "format1_scheme": "weighted"]))
        _ = reader.code()
        _ = reader.required("name", "a name")
        let formats = ReferenceFormatForm.parse(&reader)
        #expect(formats.count == 1)
        #expect(Set(reader.errors.compactMap(\.field)) == ["code", "name", "format1_weights", "format1_modulus"])
        #expect(throws: SetupFormErrors.self) { try reader.finish() }
    }

    @Test("A reference format's fieldset becomes the format it shows, and back")
    func formatRoundTrip() throws {
        let scheme = WeightedModulus(
            weights: [9, 8, 7], modulus: 11, subtractFromModulus: true, characterValues: ["A": 1], resultCharacters: [10: "X", 11: "0"])
        let format = ReferenceFormat(
            name: "rates", minimumLength: 4, maximumLength: 4, characters: ReferenceCharacters(digits: true, letters: false, others: "X"),
            pattern: "[0-9]{3}[0-9X]", checkCharacter: .weightedModulus(scheme), example: "1236")
        let section = try #require(ReferenceFormatForm.sections([format], typed: nil).first)
        var fields: [String: String] = [:]
        for field in section.fields {
            switch field.kind {
            case .checkbox: if field.checked { fields[field.name] = "1" }
            case .select(let options): fields[field.name] = options.first(where: \.selected)?.value
            default: fields[field.name] = field.value
            }
        }
        var reader = SetupFormReader(FormData(fields: fields))
        #expect(ReferenceFormatForm.parse(&reader) == [format])
        #expect(reader.errors.isEmpty)
    }
}
