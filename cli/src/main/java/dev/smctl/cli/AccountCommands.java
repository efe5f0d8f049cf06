package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code smctl sessions revoke} and {@code smctl users force-2fa}: P0-03's changes to the accounts in the database. */
final class AccountCommands {
    private AccountCommands() {
    }

    @Command(name = "sessions", description = "Session actions.", subcommands = Revoke.class)
    static final class Sessions extends GroupCommand {
    }

    @Command(name = "revoke",
            description = {"P0-03: delete every row of the session tables (sessions and refresh_tokens by default) in one transaction,",
                    "counting them before and after. Every signed-in user must sign in again; there is no way back."},
            footer = {"", "Examples:",
                    "  smctl sessions revoke --db-url postgresql://postgres@postgres:5432/securemessenger --dry-run",
                    "  smctl sessions revoke --db-url ... --tables sessions,refresh_tokens,api_tokens --reason 'P0-03: stolen tokens'"})
    static final class Revoke extends DatabaseCommands.DatabaseAction {
        @Option(names = "--tables", paramLabel = "T,T", split = ",", defaultValue = "sessions,refresh_tokens",
                description = "Tables whose rows are sessions or tokens (default: ${DEFAULT-VALUE}).")
        List<String> tables;

        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            return remediation.revokeSessions(access, database.namespace(), tables, run.invocation(), progress);
        }
    }

    @Command(name = "users", description = "User account actions.", subcommands = ForceTwoFactor.class)
    static final class Users extends GroupCommand {
    }

    @Command(name = "force-2fa",
            description = "P0-03: UPDATE users SET force_2fa = true, counting the users who were not forced before.",
            footer = {"", "Example:", "  smctl users force-2fa --db-url postgresql://postgres@postgres:5432/securemessenger --reason 'P0-03'"})
    static final class ForceTwoFactor extends DatabaseCommands.DatabaseAction {
        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            return remediation.forceTwoFactor(access, database.namespace(), run.invocation(), progress);
        }
    }
}
