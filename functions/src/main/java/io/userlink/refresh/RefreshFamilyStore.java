package io.userlink.refresh;

import java.util.Optional;

/** Where refresh families live: one item each. */
public interface RefreshFamilyStore {

    /** The family, read strongly consistent; empty when unknown or expired away. */
    Optional<RefreshFamily> find(String familyId);

    /**
     * Writes a rotation with one conditional update: it succeeds only while the family's current hash is still
     * {@code expectedCurrentHash} and the family is not revoked.
     *
     * @return false when another rotation or a revocation came first
     */
    boolean rotate(RefreshFamily rotated, String expectedCurrentHash);

    /** Revokes a family now; a family that no longer exists stays gone. */
    void revoke(String familyId, RevocationReason reason);
}
