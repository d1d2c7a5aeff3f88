package dev.tenancy.context;

/**
 * The cross-cutting conventions of Keycloak Tenancy, decided once and used by every module.
 * docs/ARCHITECTURE.md ("Conventions") explains each of them; change both together.
 */
public final class TenancyConventions {

    /**
     * Prefix of every organization attribute and client attribute this pack reads or writes, so that a realm admin
     * sees at a glance in the console which attributes belong to it (e.g. {@code tenancy.policy.mfa}).
     */
    public static final String ATTRIBUTE_PREFIX = "tenancy.";

    /**
     * User attribute holding the id of the tenant the user chose last (written by "Tenant selection" with "remember
     * last tenant"; marked on the tenant picker).
     */
    public static final String LAST_TENANT_ATTRIBUTE = ATTRIBUTE_PREFIX + "last-tenant";

    /** Default name of the active-tenant claim (configurable per mapper). */
    public static final String DEFAULT_TENANT_CLAIM = "tenant";

    /** Provider id of the "Active tenant" protocol mapper (tenant-mapper), which writes the active-tenant claim. */
    public static final String ACTIVE_TENANT_MAPPER_ID = "oidc-tenant-mapper";

    /**
     * The OAuth client scope a token must carry to call the tenant API ({@code /realms/{realm}/tenants}). A client
     * adds it (default or optional) to be allowed to; the tenant permissions it may use are those in its role scope.
     */
    public static final String TENANT_API_SCOPE = "tenancy-admin";

    /** Default name of the optional claim listing all the user's tenant aliases. */
    public static final String DEFAULT_TENANTS_CLAIM = "tenants";

    /** Form parameter of the refresh-token grant that switches the chain to another tenant. */
    public static final String SWITCH_TENANT_PARAMETER = "tenant";

    /**
     * Private claim in refresh tokens carrying the token family id (a random id minted at the first refresh token of a
     * chain and kept by every rotation of it).
     */
    public static final String FAMILY_ID_CLAIM = "tenancy_fid";

    /** Private claim in refresh tokens carrying the active tenant's organization id, so the chain keeps its tenant. */
    public static final String ACTIVE_TENANT_CLAIM = "tenancy_tid";

    /** Event detail keys used by every module for the events it emits. */
    public static final class EventDetails {
        public static final String TENANT_ID = "tenant_id";
        public static final String TENANT = "tenant";
        public static final String FROM_TENANT = "from_tenant";
        public static final String TO_TENANT = "to_tenant";
        public static final String FAMILY_ID = "family_id";
        public static final String REASON = "tenancy_reason";

        private EventDetails() {}
    }

    /**
     * Client id of the client that the tenant-admin module creates in each realm; its client roles are the tenant
     * permissions (see {@link TenantPermission}).
     */
    public static final String PERMISSIONS_CLIENT_ID = "tenancy-permissions";

    private TenancyConventions() {}
}
