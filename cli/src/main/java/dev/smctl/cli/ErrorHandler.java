package dev.smctl.cli;

import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The one place where exceptions become messages and exit codes: the message on one line, the stack trace only
 * with {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InvalidRequest) {
            err.println("error: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        if (e instanceof Refused) {
            err.println("refused: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
        err.println("error: " + Failures.describe(e));
        if (verbose(parseResult)) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for the stack trace)");
        }
        return ExitCodes.FAILED;
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        Throwable cause = e.getCause();
        err.println("error: " + (cause instanceof InvalidRequest ? cause.getMessage() : e.getMessage()));
        err.println("see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
        return ExitCodes.INVALID;
    }
}
