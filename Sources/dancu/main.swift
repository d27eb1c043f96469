print("dancu")
