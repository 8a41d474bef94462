package io.userlink.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code userlink} command: a local runtime, and the admin of apps, keys and signing keys. */
@Command(name = "userlink",
        mixinStandardHelpOptions = true,
        versionProvider = UserlinkCli.Version.class,
        description = "Userlink: run the API locally without Docker, invoke one function with an event,"
                + " and administer apps, API keys, signing keys, users and unsent account mail on AWS or a local runtime.",
        subcommands = {ServeCommand.class, InvokeCommand.class, AppsCommand.class, KeysCommand.class,
                UsersCommand.class, MailCommand.class, SigningKeysCommand.class, CommandLine.HelpCommand.class})
public final class UserlinkCli {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with these streams and returns its exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new UserlinkCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // --sdk-config @file is ours to read: picocli would otherwise expand it into arguments.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            // Operator errors (busy port, missing credentials, unknown app) get one clear line, no stack trace.
            line.getErr().println("userlink: " + CliErrors.explain(exception));
            return 1;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = UserlinkCli.class.getPackage().getImplementationVersion();
            return new String[] {"userlink " + (version == null ? "development build" : version)};
        }
    }
}
