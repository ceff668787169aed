package dev.loopback.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerSecretTest {

  private static final Pattern SHAPE = Pattern.compile("lbt_([0-9A-Za-z]{12})_([0-9A-Za-z]{43})");

  // Written out by hand rather than generated, so the refusal cases below are fixed strings and a
  // refusal can only come from the one defect each case introduces.
  private static final String LOOKUP = "a1B2c3D4e5F6";
  private static final String SECRET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg";
  private static final String WELL_FORMED = "lbt_" + LOOKUP + "_" + SECRET;

  @Test
  void generatesPrefixThenTwelveBase62LookupThenFortyThreeBase62Secret() {
    BearerSecret secret = BearerSecret.generate("lbt");

    var matcher = SHAPE.matcher(secret.value());
    assertThat(matcher.matches()).as("shape of %s", secret.value()).isTrue();
    assertThat(secret.lookup()).isEqualTo(matcher.group(1));
  }

  @Test
  void parsingAGeneratedValueGivesBackItsLookupAndHash() {
    BearerSecret generated = BearerSecret.generate("lbt");

    BearerSecret parsed = BearerSecret.parse("lbt", generated.value()).orElseThrow();

    assertThat(parsed.value()).isEqualTo(generated.value());
    assertThat(parsed.lookup()).isEqualTo(generated.lookup());
    assertThat(parsed.hash()).isEqualTo(generated.hash());
  }

  @Test
  void parsesAWellFormedValueWrittenByHand() {
    BearerSecret parsed = BearerSecret.parse("lbt", WELL_FORMED).orElseThrow();

    assertThat(parsed.lookup()).isEqualTo(LOOKUP);
  }

  @Test
  void presentedSecretMatchesTheHashStoredAtGeneration() {
    BearerSecret generated = BearerSecret.generate("lbt");
    byte[] stored = generated.hash().clone();

    assertThat(BearerSecret.parse("lbt", generated.value()).orElseThrow().matches(stored)).isTrue();
  }

  @Test
  void presentedSecretDoesNotMatchAnotherSecretsHash() {
    BearerSecret one = BearerSecret.generate("lbt");
    BearerSecret other = BearerSecret.generate("lbt");

    assertThat(one.matches(other.hash())).isFalse();
  }

  @Test
  void secretWithTheSameLookupButAnotherSecretPartDoesNotMatch() {
    // An attacker who knows the public lookup must still not get in with a guessed secret part.
    BearerSecret real = BearerSecret.parse("lbt", WELL_FORMED).orElseThrow();
    String guessed = "lbt_" + LOOKUP + "_" + "1".repeat(43);

    BearerSecret presented = BearerSecret.parse("lbt", guessed).orElseThrow();

    assertThat(presented.lookup()).isEqualTo(real.lookup());
    assertThat(presented.matches(real.hash())).isFalse();
  }

  @Test
  void doesNotMatchAMissingStoredHash() {
    assertThat(BearerSecret.generate("lbt").matches(null)).isFalse();
  }

  @ParameterizedTest(name = "refuses \"{0}\"")
  @ValueSource(strings = {
      "lbk_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",   // another kind's prefix
      "LBT_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",   // prefix is case-sensitive
      "a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",       // no prefix
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",    // secret one short
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh",  // secret one long
      "lbt_a1B2c3D4e5F_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",    // lookup one short
      "lbt_a1B2c3D4e5F6x_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",  // lookup one long
      "lbt_a1B2c3D4e5F6_",                                              // secret missing
      "lbt_a1B2c3D4e5F6",                                               // lookup only
      "lbt_a1B2c3D4e5F6-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",   // wrong separator
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde+g",   // base64 character
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde/g",   // base64 character
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef=",   // base64 padding
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde_g",   // extra separator
      "lbt_a1B2c3D4e5-6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",   // non-base62 in lookup
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef\u00e9",    // non-ASCII letter
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef\u0663",    // non-ASCII digit
      " lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg",  // leading space
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg ",  // trailing space
      "lbt_a1B2c3D4e5F6_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg\n", // trailing newline
      "lbt_a1B2c3D4e5F6_0123456789ABCDEF HIJKLMNOPQRSTUVWXYZabcdefg",   // inner space
      "   "
  })
  @NullAndEmptySource
  void refusesValuesThatCannotBeOneOfOurs(String presented) {
    assertThat(BearerSecret.parse("lbt", presented)).isEmpty();
  }

  @Test
  void treatsThePrefixAsLiteralTextNotAsARegularExpression() {
    assertThat(BearerSecret.parse("l.t", WELL_FORMED)).isEmpty();
  }

  @Test
  void twoGeneratedSecretsShareNeitherLookupNorSecret() {
    BearerSecret one = BearerSecret.generate("lbt");
    BearerSecret two = BearerSecret.generate("lbt");

    assertThat(two.lookup()).isNotEqualTo(one.lookup());
    assertThat(secretPart(two)).isNotEqualTo(secretPart(one));
    assertThat(two.hash()).isNotEqualTo(one.hash());
  }

  @Test
  void toStringNeverRevealsTheSecret() {
    BearerSecret secret = BearerSecret.generate("lbt");

    assertThat(secret.toString())
        .doesNotContain(secret.value())
        .doesNotContain(secretPart(secret))
        .contains(secret.lookup());
  }

  @Test
  void hashIsSha256OfTheWholeValueIncludingPrefixAndLookup() throws Exception {
    BearerSecret secret = BearerSecret.generate("lbt");

    byte[] expected = MessageDigest.getInstance("SHA-256").digest(secret.value().getBytes(StandardCharsets.UTF_8));

    assertThat(secret.hash()).isEqualTo(expected);
    assertThat(BearerSecret.parse("lbt", WELL_FORMED).orElseThrow().hash())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(WELL_FORMED.getBytes(StandardCharsets.UTF_8)));
  }

  private static String secretPart(BearerSecret secret) {
    return secret.value().substring(secret.value().lastIndexOf('_') + 1);
  }
}
