package dev.tenancy.bench;

import java.util.List;
import java.util.stream.Collectors;

import dev.tenancy.bench.scenarios.ManyTenantsScenario;
import dev.tenancy.bench.scenarios.PasswordGrantScenario;
import dev.tenancy.bench.scenarios.RefreshGrantScenario;
import dev.tenancy.bench.scenarios.TenantMapperScenario;
import dev.tenancy.bench.scenarios.TenantMembersScenario;

/** The registry: a new scenario is one class plus one entry here. */
final class Scenarios {

    static final List<Scenario> ALL = List.of(
            new PasswordGrantScenario(),
            new RefreshGrantScenario(),
            new TenantMapperScenario(false),
            new TenantMapperScenario(true),
            new ManyTenantsScenario(false),
            new ManyTenantsScenario(true),
            new TenantMembersScenario());

    private Scenarios() {
    }

    static Scenario named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No scenario '" + name + "'; known: "
                        + ALL.stream().map(Scenario::name).collect(Collectors.joining(", "))));
    }
}
