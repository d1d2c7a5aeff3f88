package dev.tenancy.bench;

import dev.tenancy.bench.scenarios.ManyTenantsScenario;
import dev.tenancy.bench.scenarios.ManyTenantsScenario.Operation;
import dev.tenancy.bench.scenarios.PasswordGrantScenario;
import dev.tenancy.bench.scenarios.PortalMembersChromiumScenario;
import dev.tenancy.bench.scenarios.PortalMembersScenario;
import dev.tenancy.bench.scenarios.RefreshGrantScenario;
import dev.tenancy.bench.scenarios.RotationScenario;
import dev.tenancy.bench.scenarios.SmsLoginScenario;
import dev.tenancy.bench.scenarios.TenantAuditScenario;
import dev.tenancy.bench.scenarios.TenantMapperScenario;
import dev.tenancy.bench.scenarios.TenantMembersScenario;
import dev.tenancy.bench.scenarios.TenantPolicyScenario;
import dev.tenancy.bench.scenarios.TenantUserAuditScenario;
import java.util.List;
import java.util.stream.Collectors;

/** The registry: a new scenario is one class plus one entry here. */
final class Scenarios {

    static final List<Scenario> ALL = List.of(
            new PasswordGrantScenario(),
            new RefreshGrantScenario(),
            new TenantMapperScenario(false),
            new TenantMapperScenario(true),
            new RotationScenario(0),
            new RotationScenario(5),
            new TenantPolicyScenario(false),
            new TenantPolicyScenario(true),
            new SmsLoginScenario(),
            // the nine many-tenants scenarios share one seeded realm (5,000 tenants by default: bench.tenants)
            new ManyTenantsScenario("tenants-100", 100, Operation.LOGIN),
            new ManyTenantsScenario("tenants-100", 100, Operation.REFRESH),
            new ManyTenantsScenario("tenants-100", 100, Operation.SWITCH),
            new ManyTenantsScenario("many-tenants", ManyTenantsScenario.MANY, Operation.LOGIN),
            new ManyTenantsScenario("many-tenants", ManyTenantsScenario.MANY, Operation.REFRESH),
            new ManyTenantsScenario("many-tenants", ManyTenantsScenario.MANY, Operation.SWITCH),
            new ManyTenantsScenario("many-tenants-without-profile", ManyTenantsScenario.MANY, Operation.LOGIN, true),
            new ManyTenantsScenario("many-tenants-without-profile", ManyTenantsScenario.MANY, Operation.REFRESH, true),
            new ManyTenantsScenario("many-tenants-without-profile", ManyTenantsScenario.MANY, Operation.SWITCH, true),
            new TenantMembersScenario(),
            new PortalMembersScenario(),
            new PortalMembersChromiumScenario(),
            new TenantAuditScenario(),
            new TenantUserAuditScenario());

    private Scenarios() {}

    static Scenario named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No scenario '" + name + "'; known: "
                        + ALL.stream().map(Scenario::name).collect(Collectors.joining(", "))));
    }
}
