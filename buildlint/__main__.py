from buildlint._entry import main

main()
