# shellcheck shell=bash
# Sourced by scripts/smoke (it uses its pass, fail, check, http_get, start_ims and stop_demo): a council's go-live
# on a fresh database with the `ims` binary, as an operator does it (issue 12). `ims serve` starts unconfigured and
# says so; docs/council-example.toml, with every fund code and name changed, is applied while it runs; the new
# funds take payments and reference checks at once; the old system's history and the council's account holders
# are loaded into them; export then apply is a round trip.

GOLIVE=$WORK/golive

# post_json PATH KEY BODY: sets http_status; the body is in $WORK/body.
post_json() {
    http_status=$(curl -s --max-time 10 -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $2" \
        -H 'Content-Type: application/json' --data "$3" "http://127.0.0.1:$port$1") || true
}

# The example with every fund code prefixed N (in funds and fund groups) and every fund's name marked new.
python3 - docs/council-example.toml "$WORK/council.toml" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
codes = re.findall(r'\[\[funds\]\]\ncode = "([A-Z0-9]+)"', text)
for code in codes:
    text = text.replace(f'"{code}"', f'"N{code}"')
text = re.sub(r'(\[\[funds\]\]\ncode = "N[A-Z0-9]+"\nname = ")([^"]*)"', r'\1\2 (new)"', text)
open(sys.argv[2], "w").write(text)
EOF
golive_funds=$(grep -A1 '^\[\[funds\]\]' "$WORK/council.toml" | grep -o '"N[A-Z0-9]*"' | tr -d '"' | grep -v NSUSP | sort | tr '\n' ' ')

if start_ims serve "$GOLIVE"; then
    if grep -q "the council is not set up yet" "$WORK/serve$run.err"; then
        pass "ims serve on an empty database says in its log that the council is not set up"
    else
        fail "ims serve on an empty database says in its log that the council is not set up" "$(tail -3 "$WORK/serve$run.err")"
    fi
    http_get /
    if grep -q "This council is not set up yet" "$WORK/body" && grep -q "ims council apply" "$WORK/body"; then
        pass "/ on an empty database says the council is not set up and how to set it up"
    else
        fail "/ on an empty database says the council is not set up and how to set it up" "$(body_excerpt)"
    fi
    golive_key=$("$IMS" api-key create --data-dir "$GOLIVE" --service golive 2>"$WORK/golive-key.log" | tail -n 1)
    post_json /api/v1/payments "$golive_key" '{"lines":[{"fund_code":"CTAX","reference":"771234564","amount":100}],"return_url":"https://a.example/done"}'
    if [[ $http_status == 503 ]] && grep -q council.not_configured "$WORK/body"; then
        pass "payments are refused (503 council.not_configured) until the council is set up"
    else
        fail "payments are refused (503 council.not_configured) until the council is set up" "HTTP $http_status: $(body_excerpt)"
    fi

    "$IMS" council apply --dry-run "$WORK/council.toml" --data-dir "$GOLIVE" >"$WORK/golive-dry.log" 2>&1 || true
    if grep -q "^add fund NCTAX$" "$WORK/golive-dry.log" && grep -q "nothing was saved" "$WORK/golive-dry.log" \
        && ! "$IMS" council export --data-dir "$GOLIVE" 2>/dev/null | grep -q '^\[\[funds\]\]'; then
        pass "ims council apply --dry-run lists each change and saves nothing"
    else
        fail "ims council apply --dry-run lists each change and saves nothing" "$(tail -3 "$WORK/golive-dry.log")"
    fi
    sed 's/^vat_code = "STD"/vat_code = "NOPE"/' "$WORK/council.toml" >"$WORK/council-bad.toml"
    status=0
    "$IMS" council apply "$WORK/council-bad.toml" --data-dir "$GOLIVE" >"$WORK/golive-bad.log" 2>&1 || status=$?
    if [[ $status == 1 ]] && grep -q 'fund NBCON: vat_code "NOPE" is not one of the VAT codes' "$WORK/golive-bad.log"; then
        pass "a file that does not hold together exits 1 naming the item and key, and changes nothing"
    else
        fail "a file that does not hold together exits 1 naming the item and key" "exit $status: $(tail -3 "$WORK/golive-bad.log")"
    fi
    check "ims council apply applies the renamed example while IMS runs" "$IMS" council apply "$WORK/council.toml" --data-dir "$GOLIVE"

    http_get /api/v1/funds
    listed=$(python3 -c 'import json,sys; print(" ".join(sorted(f["code"] for f in json.load(sys.stdin)["funds"])) + " ")' <"$WORK/body" 2>/dev/null) \
        || listed=""
    if [[ $listed == "$golive_funds" ]]; then
        pass "/api/v1/funds lists exactly the new funds at once, without a restart ($listed)"
    else
        fail "/api/v1/funds lists exactly the new funds at once" "want '$golive_funds', got '$listed'"
    fi
    post_json /api/v1/references/check "$golive_key" '{"fund_code":"NCTAX","reference":"7712 34564","amount":12500}'
    valid=$(grep -c '"valid":true' "$WORK/body" || true)
    post_json /api/v1/references/check "$golive_key" '{"fund_code":"NCTAX","reference":"771234565"}'
    if [[ $valid == 1 ]] && grep -q '"valid":false' "$WORK/body" && grep -q reference.check_character "$WORK/body"; then
        pass "the reference check accepts a valid reference of a new fund and refuses a wrong check digit"
    else
        fail "the reference check accepts a valid reference and refuses a wrong check digit" "$(body_excerpt)"
    fi
    post_json /api/v1/payments "$golive_key" '{"lines":[{"fund_code":"NCTAX","reference":"771234564","amount":12500}],"return_url":"https://a.example/done"}'
    created=$http_status
    post_json /api/v1/payments "$golive_key" '{"lines":[{"fund_code":"NCTAX","reference":"771234565","amount":12500}],"return_url":"https://a.example/done"}'
    if [[ $created == 201 && $http_status == 422 ]] && grep -q reference.check_character "$WORK/body"; then
        pass "a payment to a new fund is created (201), and refused (422) with a wrong check digit"
    else
        fail "a payment to a new fund is created, and refused with a wrong check digit" "HTTP $created then $http_status: $(body_excerpt)"
    fi

    # The old system's history under its own codes, mapped to the new funds.
    { echo "[funds]"; for code in $golive_funds; do echo "${code#N} = \"$code\""; done; } >"$WORK/golive-mapping.toml"
    if "$IMS" bench generate --records 5000 --out "$WORK/golive-legacy.csv" >"$WORK/golive-generate.log" 2>&1 \
        && "$IMS" import legacy "$WORK/golive-legacy.csv" --mapping "$WORK/golive-mapping.toml" --data-dir "$GOLIVE" \
            --errors "$WORK/golive-rejected.csv" --json >"$WORK/golive-import.json" 2>"$WORK/golive-import.log" \
        && python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["imported"] > 4900 and "NCTAX" in json.dumps(s)' <"$WORK/golive-import.json"; then
        pass "ims import legacy imports the old system's history into the new funds"
    else
        fail "ims import legacy imports into the new funds" "$(tail -3 "$WORK/golive-import.log") $(head -c 300 "$WORK/golive-import.json")"
    fi

    # The council's account holders: a fund that needs an account refuses others; an account on stop gives its reason.
    printf 'AccountNo,Name,Addr1,Stop\n771234564,Ada Lovelace,1 High Street,\n771234572,Bob Stopped,2 High Street,Please call the council\n771234565,Bad Digit,3 High Street,\n' \
        >"$WORK/accounts.csv"
    "$IMS" accounts import "$WORK/accounts.csv" --fund NCTAX --map "reference=AccountNo,name=Name,address=Addr1,on_stop=Stop" \
        --data-dir "$GOLIVE" >"$WORK/accounts.log" 2>&1 || true
    "$IMS" accounts import "$WORK/accounts.csv" --fund NCTAX --map "reference=AccountNo,name=Name,address=Addr1,on_stop=Stop" \
        --data-dir "$GOLIVE" >"$WORK/accounts-again.log" 2>&1 || true
    post_json /api/v1/references/check "$golive_key" '{"fund_code":"NCTAX","reference":"771234572"}'
    if grep -q "^line 4: " "$WORK/accounts.log" && grep -q "2 accounts loaded, 1 rows refused" "$WORK/accounts.log" \
        && grep -q "nothing was changed" "$WORK/accounts-again.log" && grep -q "Please call the council" "$WORK/body"; then
        pass "ims accounts import loads the good rows, names the bad one, loads nothing twice; an account on stop is refused with its reason"
    else
        fail "ims accounts import" "$(cat "$WORK/accounts.log" "$WORK/accounts-again.log" | tail -4) $(body_excerpt)"
    fi
    stop_demo
fi

"$IMS" council export --data-dir "$GOLIVE" >"$WORK/golive-export.toml" 2>/dev/null || true
"$IMS" council apply "$WORK/golive-export.toml" --data-dir "$WORK/golive-copy" >/dev/null 2>&1 || true
if [[ -s $WORK/golive-export.toml ]] && "$IMS" council export --data-dir "$WORK/golive-copy" 2>/dev/null | cmp -s - "$WORK/golive-export.toml"; then
    pass "ims council export, then apply on another database, gives the same export"
else
    fail "ims council export, then apply on another database, gives the same export" "the exports differ"
fi
