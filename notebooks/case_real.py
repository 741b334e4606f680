CELLS: list = []
