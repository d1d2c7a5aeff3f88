package dev.tenancy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cluster-view lines {@link KeycloakCluster} waits for, as Keycloak 26.7.3 (Infinispan 16) logs them. */
class KeycloakClusterTest {

    private static final String JOINED =
            "2026-11-27 23:45:51,279 INFO  [org.infinispan.CLUSTER] (jgroups-7,vm-31364(v=16.0.14)) "
                    + "ISPN000094: Received new cluster view for channel ISPN: [vm-31364(v=16.0.14)|1] (2) [vm-31364(v=16.0.14), "
                    + "vm-34261(v=16.0.14)]\n";
    private static final String ALONE =
            "2026-11-27 23:48:01,971 INFO  [org.infinispan.CLUSTER] (jgroups-5,vm-31364(v=16.0.14)) "
                    + "ISPN000094: Received new cluster view for channel ISPN: [vm-31364(v=16.0.14)|2] (1) [vm-31364(v=16.0.14)]\n";
    private static final String MERGED = "2026-11-27 23:49:00,000 INFO  [org.infinispan.CLUSTER] (jgroups-5,a) "
            + "ISPN000093: Received new, MERGED cluster view for channel ISPN: MergeView::[a|3] (2) [a, b], 2 subgroups: "
            + "[a|2] (1) [a], [b|1] (1) [b]\n";

    @Test
    void theLastViewLineCounts() {
        assertThat(KeycloakCluster.lastViewSize(JOINED)).isEqualTo(2);
        assertThat(KeycloakCluster.lastViewSize(JOINED + ALONE)).isEqualTo(1);
        assertThat(KeycloakCluster.lastViewSize(ALONE + JOINED)).isEqualTo(2);
        assertThat(KeycloakCluster.lastViewSize(ALONE + MERGED)).isEqualTo(2);
    }

    @Test
    void aLogWithoutViewHasNone() {
        assertThat(KeycloakCluster.lastViewSize(
                        "2026-11-27 INFO  [io.quarkus] (main) Keycloak 26.7.3 started in 26.5s.\n"))
                .isEqualTo(-1);
        assertThat(KeycloakCluster.lastViewSize("")).isEqualTo(-1);
    }
}
