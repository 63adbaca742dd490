"""Fail CI unless every JUnit file exists, ran tests, skipped none, and ran the e2e tests."""

import sys
import xml.etree.ElementTree as ET


def main(paths: list[str]) -> int:
    ok = True
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            print(f"check_results: {path}: missing or unreadable ({exc})")
            ok = False
            continue
        cases = root.findall(".//testcase")
        skipped = [c for c in cases if c.find("skipped") is not None]
        failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
        e2e = [
            c
            for c in cases
            if ".e2e." in c.get("classname", "")
            and c.find("skipped") is None
            and c.find("failure") is None
        ]
        print(
            f"check_results: {path}: {len(cases)} tests, {len(failed)} failed, "
            f"{len(skipped)} skipped, {len(e2e)} browser tests passed"
        )
        if not cases or failed or skipped or not e2e:
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
