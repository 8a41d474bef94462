package io.userlink;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.userlink.auth.AppCredentialsCache;
import io.userlink.credential.SecretToken;
import io.userlink.secrets.KeyRingRotation;
import io.userlink.token.AccessTokenVerifier;

/**
 * The dependencies the README's "Repository layout" describes: handler → domain → ports; storage and secrets
 * implement the ports; config wires them; shared primitives at the bottom; no cycles.
 */
@AnalyzeClasses(packages = "io.userlink", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DeployedOnly.class})
class ArchitectureTest {

    /** The deployed classes: not the AWS stand-ins of the tests and the local runtime (another module). */
    static final class DeployedOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/io/userlink/local/");
        }
    }

    private static final String[] DOMAIN = {"io.userlink.account..", "io.userlink.app..", "io.userlink.audit..", "io.userlink.auth..",
            "io.userlink.authcode..", "io.userlink.cache..", "io.userlink.credential..", "io.userlink.device..",
            "io.userlink.error..", "io.userlink.id..", "io.userlink.identity..", "io.userlink.install..",
            "io.userlink.json..", "io.userlink.mail..", "io.userlink.password..", "io.userlink.refresh..",
            "io.userlink.token..", "io.userlink.user.."};
    /** What implements the domain's ports over AWS. */
    private static final String[] ADAPTERS = {"io.userlink.storage..", "io.userlink.secrets..", "io.userlink.ses.."};
    /** The libraries the SDK carries shaded (Jackson's parser): plain libraries, that {@code Json} alone reads with. */
    private static final String SDK_THIRD_PARTY = "software.amazon.awssdk.thirdparty..";
    private static final DescribedPredicate<JavaClass> AWS_SDK = resideInAPackage("software.amazon.awssdk..")
            .and(not(resideInAPackage(SDK_THIRD_PARTY)));

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("io.userlink.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainKnowsNothingOfApiGatewayHttpOrAws = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..", "io.userlink.http..",
                    "io.userlink.handler..", "io.userlink.config..", "io.userlink.storage..", "io.userlink.secrets..",
                    "io.userlink.ses..")
            .orShould().dependOnClassesThat(AWS_SDK);

    @ArchTest
    static final ArchRule onlyStorageSecretsAndTheirWiringCallAws = noClasses()
            .that().resideOutsideOfPackages(ADAPTERS).and().resideOutsideOfPackage("io.userlink.config..")
            .should().dependOnClassesThat(AWS_SDK);

    @ArchTest
    static final ArchRule onlyJsonReadsWithTheSdksShadedParser = noClasses()
            .that().resideOutsideOfPackage("io.userlink.json..")
            .should().dependOnClassesThat().resideInAPackage(SDK_THIRD_PARTY);

    @ArchTest
    static final ArchRule adaptersKnowNothingOfHttpOrHandlers = noClasses()
            .that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..", "io.userlink.http..",
                    "io.userlink.handler..", "io.userlink.config..");

    @ArchTest
    static final ArchRule handlersReachAdaptersOnlyThroughTheirWiring = noClasses()
            .that().resideInAPackage("io.userlink.handler..")
            .should().dependOnClassesThat().resideInAnyPackage("io.userlink.storage..", "io.userlink.ses..")
            .orShould().dependOnClassesThat(resideInAPackage("io.userlink.secrets..")
                    .and(not(equivalentTo(KeyRingRotation.class))));

    @ArchTest
    static final ArchRule handlersAuthenticateThroughTheOneComponent = noClasses()
            .that().resideInAPackage("io.userlink.handler..")
            .should().dependOnClassesThat().belongToAnyOf(AccessTokenVerifier.class, AppCredentialsCache.class, SecretToken.class);
}
