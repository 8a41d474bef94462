package io.userlink.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every admin command has: where it acts, and where it prints. */
abstract class AdminCommand implements Callable<Integer> {

    @Mixin
    AdminTarget target;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** An admin command about one app. */
    abstract static class ForApp extends AdminCommand {
        @Option(names = "--app", required = true, description = "The app id.")
        String appId;
    }
}
