import ArgumentParser
import Foundation
import IMSCore
import IMSServices
import IMSStore

struct CouncilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "council",
        abstract: "The council's name, address, VAT registration and branding, as pages and VAT receipts show them.",
        subcommands: [Show.self, Set.self, Export.self, Apply.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the council's details.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let profile = try await withDatabase(database, logger: makeLogger("ims")) { try await $0.configuration().profile }
            Output.line("name: \(profile.name)")
            Output.line("address: \(profile.address.joined(separator: " | "))")
            Output.line("vat-number: \(profile.vatRegistrationNumber)")
            Output.line("logo-url: \(profile.logoURL ?? "(none)")")
            Output.line("colour: \(profile.brandColour)")
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change some of the council's details; the others stay. Restart IMS to show them in the masthead.")
        @Option(help: "The council's name.") var name: String?
        @Option(help: "The postal address, lines separated by |.") var address: String?
        @Option(name: .customLong("vat-number"), help: "The VAT registration number, e.g. GB 123 4567 89.") var vatNumber: String?
        @Option(name: .customLong("logo-url"), help: "The logo: a path served by IMS (the content security policy allows only IMS's own images).")
        var logoURL: String?
        @Option(help: "The brand colour as #rrggbb.") var colour: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let colour, colour.count != 7 || !colour.hasPrefix("#") || !colour.dropFirst().allSatisfy(\.isHexDigit) {
                throw ValidationError("--colour must be #rrggbb")
            }
            if let logoURL, !logoURL.hasPrefix("/") {
                throw ValidationError("--logo-url must be a path on this IMS (e.g. /assets/logo.svg)")
            }
            if let name, name.trimmingWhitespace().isEmpty || name.count > 120 { throw ValidationError("--name must be 1 to 120 characters") }
        }

        func run() async throws {
            let (name, address, vatNumber, logoURL, colour) = (name, address, vatNumber, logoURL, colour)
            let updated = try await withDatabase(database, logger: makeLogger("ims")) { store in
                try await CouncilAdministration(store: store).updateProfile(by: .commandLine) { profile in
                    if let name { profile.name = name.trimmingWhitespace() }
                    if let address { profile.address = address.split(separator: "|").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } }
                    if let vatNumber { profile.vatRegistrationNumber = vatNumber.trimmingWhitespace() }
                    if let logoURL { profile.logoURL = logoURL }
                    if let colour { profile.brandColour = colour.lowercased() }
                }
            }
            Output.line(
                "Saved: \(updated.name), \(updated.address.joined(separator: ", ")), VAT \(updated.vatRegistrationNumber), colour \(updated.brandColour)"
            )
        }
    }
}
