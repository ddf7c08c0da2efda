import ArgumentParser

/// `ims`: the Income Management System's command line. Thin: it parses arguments and calls the modules.
@main
struct IMSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ims",
        abstract: "IMS, the Income Management System for UK councils.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, VerifyCommand.self, LedgerCommand.self, APIKeyCommand.self, ServiceCommand.self,
            CouncilCommand.self, AccountsCommand.self, ImportCommand.self, BenchCommand.self,
        ])
}
